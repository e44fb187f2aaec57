"""Names for uploaded files."""

import uuid

from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible
class UploadPath:
    """An `upload_to` giving each file a fresh random name under prefix/YYYY/MM/.

    The name an editor's computer gave a file never reaches the disk or a URL:
    it may hold personal details, and it would make unpublished files guessable.
    """

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if not (extension.isascii() and extension.isalnum() and len(extension) <= 5):
            extension = "bin"
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, UploadPath) and other.prefix == self.prefix
