"""Image renditions: each upload resized once into the sizes the pages show.

When a model with an image is saved and the image has changed, a background task
(`assets.tasks.make_renditions`) makes every rendition it needs with Pillow (WebP plus a
JPEG or PNG fallback, cropped around the editor's focal point where the layout crops) and
writes them through the field's storage, so it works the same on the local disk and on
S3. What was made is recorded on the model in a JSON field, so pages build their
`srcset` from the database without touching storage, and nothing is resized per request.
Until the task has run, the record names another file (or none), and pages show the
stored original, itself a clean re-encode (`current_entries`).
"""

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator
from django.db import models
from django.tasks import TaskResultStatus
from PIL import Image, ImageOps

from .images import open_image

logger = logging.getLogger(__name__)

WEBP_QUALITY = 80
NOT_FILES = {"w", "h", "bytes"}  # the other keys of a rendition entry name files
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Spec:
    """One way an image is shown: its widths, and an aspect ratio if cropped."""

    name: str
    widths: tuple[int, ...]
    ratio: float | None = None  # width / height; None keeps the original shape


def build(field_file, specs, focal_x=0.5, focal_y=0.5):
    """Make every rendition in `specs`; return the record to store on the model."""
    if not field_file:
        return {}
    try:
        field_file.open("rb")
        with open_image(field_file) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
    except Exception:
        logger.exception("Could not read %s to make renditions", field_file.name)
        return {}
    finally:
        field_file.close()

    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    fallback = "png" if has_alpha else "jpeg"
    storage = field_file.storage
    stem = PurePosixPath(field_file.name).stem
    digest = hashlib.sha1(f"{field_file.name}:{focal_x}:{focal_y}".encode()).hexdigest()[:8]
    record = {
        "source": field_file.name,
        "focal": [focal_x, focal_y],
        "specs": _describe(specs),
        "sizes": {},
    }
    for spec in specs:
        cropped = _crop(image, spec.ratio, focal_x, focal_y)
        entries = []
        for width in _widths(spec.widths, cropped.width):
            height = round(cropped.height * width / cropped.width)
            resized = cropped.resize((width, height), Image.Resampling.LANCZOS)
            files, sizes = {}, {}
            for fmt in ("webp", fallback):
                extension = "jpg" if fmt == "jpeg" else fmt
                name = f"renditions/{stem}-{digest}-{spec.name}-{width}.{extension}"
                data = _encode(resized, fmt)
                files[fmt] = storage.save(name, ContentFile(data))
                sizes[fmt] = len(data)
            entries.append({"w": width, "h": height, **files, "bytes": sizes})
        record["sizes"][spec.name] = entries
    return record


def _describe(specs):
    """The specs as plain data, stored with the renditions to notice size changes."""
    return [[spec.name, list(spec.widths), spec.ratio] for spec in specs]


def delete(record, storage):
    """Remove the files of an old record (after the image was replaced or cleared)."""
    for entries in (record or {}).get("sizes", {}).values():
        for entry in entries:
            for key, name in entry.items():
                if key not in NOT_FILES:
                    storage.delete(name)


def _widths(widths, available):
    """The configured widths no wider than the original; at least one size."""
    fitting = [w for w in widths if w <= available]
    return fitting or [available]


def _crop(image, ratio, focal_x, focal_y):
    if ratio is None:
        return image
    width, height = image.size
    if width / height > ratio:  # too wide: keep full height, cut the sides
        new_width = round(height * ratio)
        left = _clamp(focal_x * width - new_width / 2, 0, width - new_width)
        return image.crop((round(left), 0, round(left) + new_width, height))
    new_height = round(width / ratio)
    top = _clamp(focal_y * height - new_height / 2, 0, height - new_height)
    return image.crop((0, round(top), width, round(top) + new_height))


def _clamp(value, low, high):
    return max(low, min(value, high))


def _encode(image, fmt):
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(
            buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    elif fmt == "png":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def current_entries(image, record, spec):
    """The renditions of `spec` made from `image` as it is now; none while they are being
    made (the record still describes an earlier image), so callers show the original."""
    if not image or (record or {}).get("source") != image.name:
        return []
    return record.get("sizes", {}).get(spec) or []


def is_current(instance, field_name, specs, focal=(50, 50)):
    """True if `<field_name>_renditions` matches the image, its focal point and `specs`."""
    field_file = getattr(instance, field_name)
    old = getattr(instance, f"{field_name}_renditions") or {}
    current = field_file.name if field_file else ""
    return (
        old.get("source", "") == current
        and old.get("focal") in (None, [focal[0] / 100, focal[1] / 100])
        and (not current or old.get("specs") == _describe(specs))
    )


def refresh(instance, field_name, specs, focal=(50, 50)):
    """Rebuild `<field_name>_renditions` if the image or its focal point changed.

    Returns True when the record changed (the caller saves it).
    """
    if is_current(instance, field_name, specs, focal):
        return False
    field_file = getattr(instance, field_name)
    record_attr = f"{field_name}_renditions"
    old = getattr(instance, record_attr) or {}
    focal_fraction = [focal[0] / 100, focal[1] / 100]
    current = field_file.name if field_file else ""
    setattr(instance, record_attr, build(field_file, specs, *focal_fraction) if current else {})
    if old and field_file is not None:
        delete(old, field_file.storage)
    return True


def focal_field(axis):
    """One coordinate of an image's focal point, which every rendition keeps in frame."""
    edge = "left edge (0) to the right (100)" if axis == "x" else "top (0) to the bottom (100)"
    return models.PositiveSmallIntegerField(
        f"focal point {'across' if axis == 'x' else 'down'} (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=f"Where the subject is, from the {edge}. Cropped versions keep it in frame.",
    )


class RenditionsMixin:
    """Models listing `RENDITIONS = {field_name: (specs, focal_field_prefix or None)}`."""

    RENDITIONS = {}

    def save(self, *args, **kwargs):
        # Each new original is stored as its clean re-encode by its field
        # (assets.images.WebImageField); renditions are made from that, by a worker.
        super().save(*args, **kwargs)
        if not self.renditions_are_current():
            from .tasks import make_renditions

            result = make_renditions.enqueue(self._meta.label, self.pk)
            if result.status == TaskResultStatus.SUCCESSFUL:  # run at once (immediate backend)
                for name, record in result.return_value.items():
                    setattr(self, name, record)

    def _focal(self, focal_prefix):
        if not focal_prefix:
            return (50, 50)
        return (getattr(self, f"{focal_prefix}_focal_x"), getattr(self, f"{focal_prefix}_focal_y"))

    def renditions_are_current(self):
        return all(
            is_current(self, field_name, specs, self._focal(focal_prefix))
            for field_name, (specs, focal_prefix) in self.RENDITIONS.items()
        )

    def refresh_renditions(self):
        """Bring every image's renditions up to date; return the fields that changed."""
        changed = []
        for field_name, (specs, focal_prefix) in self.RENDITIONS.items():
            if refresh(self, field_name, specs, self._focal(focal_prefix)):
                changed.append(f"{field_name}_renditions")
        return changed
