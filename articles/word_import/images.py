"""The pictures in a Word document: checked like any upload, stored with the article."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from mammoth import html as mammoth_html

from assets import renditions
from assets.images import clean_image

from .messages import lower_first

MAX_IMAGES = 60

UNSUPPORTED_IMAGE = (
    "it is not a JPEG, PNG, WebP or GIF picture (charts and drawings made in Word or "
    "Excel often are not). In Word, right-click it, choose Save as Picture, save it as "
    "PNG and add it to the text."
)


@dataclass
class ExtractedImage:
    number: int  # its place among the document's images, as the editor sees them
    file: ContentFile  # checked and re-encoded (assets.images.clean_image)
    alt: str
    token: str  # stands in for the image's address until it is stored


class ImageCollector:
    """mammoth's image hook: checks each picture like an upload and keeps it for later."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.images = []
        self.skipped = []
        self.count = 0

    def __call__(self, image):
        self.count += 1
        number = self.count
        try:
            clean = self._read(image)
        except ValidationError as error:
            self.skipped.append(f"Image {number} was left out: {lower_first(error.messages[0])}")
            return []
        alt = " ".join((image.alt_text or "").split())
        token = f"{self.prefix}image-{number}"
        self.images.append(ExtractedImage(number, clean, alt, token))
        return [mammoth_html.element("img", {"src": token, "alt": alt})]

    def _read(self, image):
        if len(self.images) >= MAX_IMAGES:
            raise ValidationError(f"a document can bring at most {MAX_IMAGES} images.")
        with image.open() as stream:
            data = stream.read(settings.MAX_IMAGE_UPLOAD_BYTES + 1)
        try:
            return clean_image(ContentFile(data, name="image"))
        except ValidationError as error:
            if error.code == "unsupported_image":
                raise ValidationError(UNSUPPORTED_IMAGE) from None
            raise


def delete_image_files(image):
    """Remove an image's stored original and renditions (after a failed import)."""
    if not image.image or image.image._committed is False:
        return
    storage = image.image.storage
    renditions.delete(image.image_renditions, storage)
    storage.delete(image.image.name)
