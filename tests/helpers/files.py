"""Files on disk and in uploads, as the upload tests check them."""

from django.core.files.uploadedfile import SimpleUploadedFile


def stored_files(settings):
    """Every file in the media and the private (report PDF) storages."""
    roots = [settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


def not_an_image():
    """An upload that claims to be a JPEG and is not."""
    return SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
