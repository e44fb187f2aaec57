"""Checks for uploaded images, made on their content rather than their name."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

# Pillow is only ever asked to decode these: no other decoder sees an upload.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
REENCODE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
}


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
            with Image.open(file, formats=ALLOWED_FORMATS) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(_too_many_pixels_message(), code="too_many_pixels") from None
    except Exception:
        raise ValidationError(
            "This file is not a JPEG, PNG, WebP or GIF image (or it is damaged). Save it "
            "in one of those formats and upload it again.",
            code="unsupported_image",  # "invalid_image" would get ModelForm's own message
        ) from None
    finally:
        file.seek(position)
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(_too_many_pixels_message(), code="too_many_pixels")
    if frames * width * height > settings.MAX_ANIMATION_PIXELS:
        raise ValidationError(
            "This animation has too many frames for its size (%(frames)s frames of "
            "%(width)s × %(height)s pixels). Upload a still image or a shorter, smaller animation.",
            code="too_many_frames",
            params={"frames": frames, "width": width, "height": height},
        )


def without_metadata(file):
    """A new upload re-encoded: turned upright, with EXIF, XMP and GPS data dropped.

    Cameras and phones record where a photo was taken; a portrait or a field
    photo must not publish that. The colour profile is kept.
    """
    file.seek(0)
    with Image.open(file, formats=ALLOWED_FORMATS) as image:
        image_format = image.format
        options = dict(REENCODE_OPTIONS[image_format])
        if icc := image.info.get("icc_profile"):
            options["icc_profile"] = icc
        frames = getattr(image, "n_frames", 1)
        if frames > 1:
            copies = []
            for index in range(frames):
                image.seek(index)
                copies.append(image.copy())
            first, rest = copies[0], copies[1:]
            options |= {"save_all": True, "append_images": rest}
            for key in ("duration", "loop", "disposal", "transparency", "background"):
                if key in image.info:
                    options[key] = image.info[key]
        else:
            first = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and first.mode not in ("RGB", "L", "CMYK"):
            first = first.convert("RGB")
        buffer = io.BytesIO()
        first.save(buffer, image_format, **options)
    return ContentFile(buffer.getvalue(), name=file.name.rsplit("/", 1)[-1])


def _too_many_pixels_message():
    megapixels = settings.MAX_IMAGE_PIXELS // 1_000_000
    return (
        f"This image has more than {megapixels} megapixels. Resize it "
        "(2,000 pixels wide is plenty) and upload it again."
    )
