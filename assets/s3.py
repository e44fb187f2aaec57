"""Uploads on S3-compatible object storage (used when MEDIA_S3_BUCKET is set).

The bucket serves each object with the Content-Type stored with it at upload, so
that type is fixed here from the generated name's extension (assets/media.py),
never from the browser's claimed type or a guess from the name.
"""

from django.conf import settings
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

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

    def set_stored_headers(self, name):
        """Give the stored object `name` the headers an upload gets today; return whether
        they were different.

        Earlier releases stored an upload's object with the type the browser claimed
        (django-storages prefers it to the name), so a file named `….png` may be served
        as `text/html`. Copying the object onto itself replaces its headers.
        """
        key = self._normalize_name(clean_name(name))
        client = self.connection.meta.client
        stored = client.head_object(Bucket=self.bucket_name, Key=key)
        wanted = self._get_write_parameters(key)
        headers = ("ContentType", "ContentDisposition", "CacheControl")
        if all(stored.get(header) == wanted.get(header) for header in headers):
            return False
        client.copy_object(
            Bucket=self.bucket_name,
            Key=key,
            CopySource={"Bucket": self.bucket_name, "Key": key},
            MetadataDirective="REPLACE",
            **wanted,
        )
        return True


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
