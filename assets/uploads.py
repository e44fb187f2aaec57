"""Names for uploaded files."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .images import EXTENSIONS

# The only documents the site accepts are PDFs (assets/documents.py).
DOCUMENT_EXTENSION = "pdf"


@deconstructible
class UploadPath:
    """An `upload_to` giving each file a fresh random name under prefix/YYYY/MM/.

    The name an editor's computer gave a file never reaches the disk or a URL:
    it may hold personal details, and it would make unpublished files guessable.
    Nor does its extension: pages and storage tell a file's type by the stored
    name's extension, so that comes from what was checked. Images end in the
    extension of their decoded format, documents in .pdf, other checked files (audio) in
    what their field's `stored_extension` says its check found; a report uploaded as
    `report.html` is stored as `….pdf`, a photo uploaded as `x.pdf` as `….jpg`.
    """

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        extension = self.extension(instance, filename)
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def extension(self, instance, filename):
        fields = [f for f in instance._meta.fields if getattr(f, "upload_to", None) == self]
        if not fields:
            name = type(instance).__name__
            raise LookupError(f"No field of {name} stores its files in {self.prefix}/.")
        field = fields[0]
        if hasattr(field, "stored_extension"):  # e.g. assets.audio.AudioField
            return field.stored_extension(instance)
        if not isinstance(field, models.ImageField):
            return DOCUMENT_EXTENSION
        extension = filename.rsplit(".", 1)[-1].lower()
        # Image fields save each upload as its re-encode, named after the format Pillow
        # found (assets.images.WebImageFieldFile): these are the only names they pass on.
        if extension not in EXTENSIONS.values():
            raise ValueError(
                f"{field} was given {filename!r}, not a re-encoded image: "
                "images are saved through assets.images.WebImageField."
            )
        return extension

    def __eq__(self, other):
        return isinstance(other, UploadPath) and other.prefix == self.prefix
