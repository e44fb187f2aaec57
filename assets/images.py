"""Uploaded images: checked by decoding them in full, stored as a clean re-encode.

Every image the site keeps passes through `clean_image`: only the JPEG, PNG,
WebP and GIF decoders ever see the bytes; sizes are checked from the header
before anything is decoded; every frame is then decoded, and what is stored is
a fresh encoding of those pixels, turned upright, with camera and location
metadata dropped. A file that cannot be decoded in full, or re-encoded, is a
form error: its original bytes are never kept.

`WebImageField` is the model field for such images. Its form field runs the
same check (so Django's own image field, which opens uploads with every Pillow
plugin, never runs), and its files are saved only as that clean re-encode,
named after the format Pillow found, whatever name the upload came with.
"""

import io
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, ImageSequence

# The image formats the site takes: for each, the extension its files are stored under
# and the content type they are served with. Every other table of image types
# (assets/media.py, assets/uploads.py, the form field's `accept`) is made from this one.
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
# Pillow is only ever asked to decode these: no other decoder sees an upload.
ALLOWED_FORMATS = tuple(IMAGE_FORMATS)
ANIMATED_FORMATS = ("GIF", "PNG", "WEBP")
# Some cameras write JPEGs with extra pictures (depth maps, previews) that Pillow
# opens as "MPO": the first picture is the photo, kept as a JPEG.
STORED_AS = {"MPO": "JPEG"}
EXTENSIONS = {image_format: extension for image_format, (extension, _) in IMAGE_FORMATS.items()}
REENCODE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
}
# What a still image keeps from the original besides its pixels: transparency
# needs it, and the colour profile keeps colours right. Nothing else (EXIF,
# XMP, comments, text chunks) is carried over.
KEPT_INFO = ("transparency", "icc_profile")

UNSUPPORTED = (
    "This file is not a JPEG, PNG, WebP or GIF image (or it is damaged). Save it "
    "in one of those formats and upload it again."
)
DAMAGED = (
    "This image is damaged or incomplete (it may have been cut off while copying), "
    "so it could not be read in full. Open it, save or export it again, and upload "
    "the new file."
)
NOT_CONVERTIBLE = (
    "This image could not be prepared for the web. Save it again as a JPEG or PNG and upload that."
)


class CleanImage(ContentFile):
    """An image after `clean_image`: decoded in full and re-encoded, ready to store."""

    def __init__(self, data, image_format, size):
        super().__init__(data, name=f"image.{EXTENSIONS[image_format]}")
        self.format = image_format
        self.image_size = size


def validate_image(file):
    """The model fields' validator: the same check as uploads get (see clean_image)."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    if isinstance(getattr(file, "file", file), CleanImage):
        return  # cleaned by the form field a moment ago
    clean_image(file)


def clean_image(file):
    """`file` decoded in full and re-encoded, as a CleanImage; or ValidationError.

    Cameras and phones record where a photo was taken; a portrait or a field
    photo must not publish that, so the re-encode keeps pixels (turned upright),
    timing and colour profile, and nothing else.
    """
    if isinstance(file, CleanImage):
        return file
    _check_file_size(file)
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with _open(file) as image:
            image_format = STORED_AS.get(image.format, image.format)
            frames = _check_dimensions(image, image_format)
            if frames > 1:
                return _reencode_animation(image, image_format)
            return _reencode_still(image, image_format)
    finally:
        file.seek(position)


def open_image(file):
    """`file` opened with the allowed decoders only (header read, nothing decoded)."""
    return Image.open(file, formats=ALLOWED_FORMATS)


def _check_file_size(file):
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


def _open(file):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return open_image(file)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(_too_many_pixels_message(), code="too_many_pixels") from None
    except Exception:
        # "invalid_image" would get ModelForm's own message
        raise ValidationError(UNSUPPORTED, code="unsupported_image") from None


def _check_dimensions(image, image_format):
    """Refuse sizes and frame counts beyond the limits; return the frame count.

    Only headers are read here: nothing is decoded until the sizes are known
    to fit.
    """
    width, height = image.size
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(_too_many_pixels_message(), code="too_many_pixels")
    try:
        frames = getattr(image, "n_frames", 1) if image_format in ANIMATED_FORMATS else 1
    except Exception:
        raise ValidationError(DAMAGED, code="damaged_image") from None
    if frames > settings.MAX_ANIMATION_FRAMES:
        raise ValidationError(
            "This animation has %(frames)s frames; the limit is %(limit)s. Upload a "
            "shorter animation, or a still image.",
            code="too_many_frames",
            params={"frames": f"{frames:,}", "limit": f"{settings.MAX_ANIMATION_FRAMES:,}"},
        )
    if frames > 1 and width * height > settings.MAX_ANIMATION_FRAME_PIXELS:
        raise ValidationError(
            "This animation is too large (%(width)s × %(height)s pixels); animations "
            "may be at most %(limit)s megapixels, such as 1920 × 1080. Make it smaller and "
            "upload it again.",
            code="animation_too_large",
            params={
                "width": width,
                "height": height,
                "limit": f"{settings.MAX_ANIMATION_FRAME_PIXELS / 1_000_000:g}",
            },
        )
    if frames > 1 and frames * width * height > settings.MAX_ANIMATION_PIXELS:
        raise ValidationError(
            "This animation has too many frames for its size (%(frames)s frames of "
            "%(width)s × %(height)s pixels; at that size at most %(most)s fit). Upload a "
            "still image, or a shorter or smaller animation.",
            code="too_many_frames",
            params={
                "frames": frames,
                "width": width,
                "height": height,
                "most": max_frames(width, height),
            },
        )
    return frames


def max_frames(width, height):
    """The most frames an animation of `width` × `height` pixels may have."""
    fit = settings.MAX_ANIMATION_PIXELS // max(1, width * height)
    return min(fit, settings.MAX_ANIMATION_FRAMES)


def _reencode_still(image, image_format):
    try:
        image.load()  # every pixel: a cut-off file fails here, not later
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:
        raise ValidationError(DAMAGED, code="damaged_image") from None
    options = _options(image, image_format)
    image.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
    if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    return _encode(image, image_format, options, image.size)


def _reencode_animation(image, image_format):
    """Re-encode an animation one frame at a time, as Pillow's writers read it.

    The writer is handed the opened file itself, so frames are decoded as it
    reaches them instead of all being copied first. GIF and animated PNG
    writers still hold every frame they have converted until the end (a byte a
    pixel for GIF, four for PNG, plus a little per frame) and work on a few
    frame-sized copies at a time, which is why the limits on frames × pixels,
    frames and pixels a frame are the real limits on memory.
    """
    durations = []
    try:
        # Decode every frame once (one at a time): a damaged frame is refused
        # here with a clear message, and each frame's own timing is kept.
        for frame in ImageSequence.Iterator(image):
            frame.load()
            durations.append(frame.info.get("duration", 0))
        image.seek(0)
        image.load()
    except Exception:
        raise ValidationError(DAMAGED, code="damaged_image") from None
    options = _options(image, image_format) | {
        "save_all": True,
        "duration": durations,
        "comment": b"",  # GIF: frame comments are not carried over
    }
    if "loop" in image.info:  # a GIF without it plays once
        options["loop"] = image.info["loop"]
    return _encode(image, image_format, options, image.size)


def _options(image, image_format):
    options = dict(REENCODE_OPTIONS[image_format])
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    return options


def _encode(image, image_format, options, size):
    buffer = io.BytesIO()
    try:
        image.save(buffer, image_format, **options)
    except Exception:
        raise ValidationError(NOT_CONVERTIBLE, code="not_convertible") from None
    return CleanImage(buffer.getvalue(), image_format, size)


def _too_many_pixels_message():
    megapixels = settings.MAX_IMAGE_PIXELS // 1_000_000
    return (
        f"This image has more than {megapixels} megapixels. Resize it "
        "(2,000 pixels wide is plenty) and upload it again."
    )


# Fields --------------------------------------------------------------------------


class WebImageFormField(forms.ImageField):
    """Django's image form field, checking uploads with `clean_image` only.

    `forms.ImageField.to_python` opens an upload with every Pillow plugin
    before any validator runs; this one never does, and it hands the form the
    clean re-encode, so nothing is decoded twice.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)  # empty file, name length
        if upload is None:
            return None
        return clean_image(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:  # Django's "image/*" would offer TIFF, BMP, HEIC files
            attrs["accept"] = ",".join(content_type for _, content_type in IMAGE_FORMATS.values())
        return attrs


class WebImageFieldFile(models.fields.files.ImageFieldFile):
    """A stored image: saved only as a clean re-encode, measured without other plugins."""

    def save(self, name, content, save=True):
        # However the file arrived (form, admin, import, code), what reaches storage
        # is the re-encode, named after its format; `name` is the client's and unused.
        content = clean_image(content)
        super().save(content.name, content, save)

    def _get_image_dimensions(self):
        if not hasattr(self, "_dimensions_cache"):
            if isinstance(getattr(self, "_file", None), CleanImage):
                self._dimensions_cache = self._file.image_size
            else:
                closed = self.closed
                self.open()
                try:
                    self.seek(0)
                    with open_image(self) as image:
                        self._dimensions_cache = image.size
                except Exception:
                    self._dimensions_cache = (None, None)
                finally:
                    if closed:
                        self.close()
        return self._dimensions_cache


class WebImageField(models.ImageField):
    """An ImageField for JPEG, PNG, WebP and GIF uploads, stored as a clean re-encode."""

    attr_class = WebImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebImageFormField, **kwargs})

    def deconstruct(self):
        # Migrations see a plain ImageField: the column is the same, only how
        # uploads are checked and saved differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
