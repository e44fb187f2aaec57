"""Uploads on S3-compatible object storage (used when MEDIA_S3_BUCKET is set).

The bucket serves each object with the Content-Type stored with it at upload, so
that type is fixed here from the generated name's extension (assets/media.py),
never from the browser's claimed type or a guess from the name.
"""

from django.conf import settings
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage

from .media import DOCUMENT_TYPES, IMAGE_TYPES, content_headers


@deconstructible
class MediaS3Storage(S3Storage):
    """Public media: images under their own types; anything else an opaque download."""

    content_types = IMAGE_TYPES

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        headers = content_headers(name, self.content_types)
        parameters["ContentType"] = headers["Content-Type"]
        if disposition := headers.get("Content-Disposition"):
            parameters["ContentDisposition"] = disposition
        return parameters


@deconstructible
class DocumentS3Storage(MediaS3Storage):
    """Report PDFs: private objects, fetched only through short-lived presigned links."""

    content_types = DOCUMENT_TYPES

    def download_url(self, name, filename):
        """A presigned link that downloads `name` as `filename`, valid for a short while."""
        return self.url(
            name,
            parameters={
                "ResponseContentType": DOCUMENT_TYPES["pdf"],
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
            },
            expire=settings.PRIVATE_MEDIA_LINK_SECONDS,
        )
