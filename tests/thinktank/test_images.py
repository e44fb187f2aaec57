import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import image_file
from thinktank.images import validate_image


def test_a_real_jpeg_passes():
    validate_image(image_file())


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError, match="not an image"):
        validate_image(SimpleUploadedFile("photo.jpg", b"definitely not an image"))


def test_an_image_format_we_do_not_serve_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    with pytest.raises(ValidationError, match="BMP images are not accepted"):
        validate_image(SimpleUploadedFile("photo.bmp", buffer.getvalue()))


def test_an_oversized_file_is_refused_with_the_limit_in_the_message(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="the limit is 100"):
        validate_image(image_file(size=(200, 200)))


def test_too_many_pixels_is_refused(settings):
    settings.MAX_IMAGE_PIXELS = 50 * 50
    with pytest.raises(ValidationError, match="megapixels"):
        validate_image(image_file(size=(60, 60), fmt="PNG"))


def test_a_decompression_bomb_is_refused_not_a_crash(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError):
        validate_image(image_file(size=(20, 20), fmt="PNG"))
