"""The hero image's fields, for every content type that has one (articles, events, pages).

Each call returns a new field, as a model class needs: the type says where its files go
and how the image is described to editors; the rest is the same everywhere.
"""

from django.db import models

from .images import WebImageField, validate_image
from .uploads import UploadPath

ALT_HELP = "Describe what the image shows for readers who cannot see it."
ALT_REQUIRED_HELP = f"{ALT_HELP} Required when there is an image."


def hero_image_field(folder, help_text):
    """The uploaded original, stored under `folder`; its size fills hero_width/hero_height."""
    return WebImageField(
        upload_to=UploadPath(folder),
        blank=True,
        validators=[validate_image],
        width_field="hero_width",
        height_field="hero_height",
        help_text=help_text,
    )


def hero_size_field():
    """hero_width or hero_height: read from the file on save, never typed."""
    return models.PositiveIntegerField(null=True, blank=True, editable=False)


def hero_alt_field(help_text=ALT_REQUIRED_HELP):
    return models.CharField("image alt text", max_length=250, blank=True, help_text=help_text)


def hero_caption_field():
    return models.CharField("image caption", max_length=300, blank=True)


def renditions_field():
    """The renditions a worker made, as `RenditionsMixin` records them."""
    return models.JSONField(default=dict, blank=True, editable=False)
