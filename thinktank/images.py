"""Checks for uploaded images, made on their content rather than their name."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image(file):
    """Refuse files that are too large, too many pixels, or not a web image."""
    if getattr(file, "_committed", False):
        # Already stored: it was checked when it was uploaded.
        return
    if file.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            "This image is %(size)s; the limit is %(limit)s. Export it at a "
            "smaller size (2,000 pixels wide is plenty) and upload it again.",
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES),
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(_too_many_pixels_message(), code="too_many_pixels") from None
    except Exception:
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF.",
            code="invalid_image",
        ) from None
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF.",
            code="invalid_format",
            params={"format": image_format},
        )
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(_too_many_pixels_message(), code="too_many_pixels")


def _too_many_pixels_message():
    megapixels = settings.MAX_IMAGE_PIXELS // 1_000_000
    return (
        f"This image has more than {megapixels} megapixels. Resize it "
        "(2,000 pixels wide is plenty) and upload it again."
    )
