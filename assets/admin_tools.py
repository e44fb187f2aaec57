"""Admin pieces for uploads, shared by every admin with images or documents."""

from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.utils.html import format_html

THUMBNAIL_SIZE = 56


def thumbnail(image, alt=""):
    """A small preview of an uploaded image for changelists, or a dash."""
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="admin-thumbnail">',
        image.url,
        alt,
        THUMBNAIL_SIZE,
        THUMBNAIL_SIZE,
    )


class LabelledFileWidget(AdminFileWidget):
    """The admin's file input, named by its field's <label>.

    Django's admin puts file fields in a <fieldset> with a <legend>, which leaves the file
    input itself without a label for screen readers; this renders the usual <label for>.
    The "Clear" checkbox keeps its own label.
    """

    use_fieldset = False

    class Media:
        # Choose the image's focal point by clicking on it, where the form has one.
        js = ["js/focal_point.js"]


# formfield_overrides for every admin with uploads: images, and report PDFs (a FileField).
IMAGE_FIELD_OVERRIDES = {
    models.ImageField: {"widget": LabelledFileWidget},
    models.FileField: {"widget": LabelledFileWidget},
}
