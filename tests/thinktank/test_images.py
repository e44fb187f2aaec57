import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import ArticleFactory, UpdateFactory, image_file
from thinktank.images import validate_image


def test_a_real_jpeg_passes():
    validate_image(image_file())


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError, match="not a JPEG, PNG, WebP or GIF image"):
        validate_image(SimpleUploadedFile("photo.jpg", b"definitely not an image"))


def test_an_image_format_we_do_not_serve_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    with pytest.raises(ValidationError, match="not a JPEG, PNG, WebP or GIF image"):
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


def photo_with_location_and_rotation():
    """A phone photo: 60 × 40 pixels stored sideways (orientation 6), with GPS data."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x8825] = {2: (51.0, 30.0, 0.0), 4: (0.0, 7.0, 0.0)}  # GPS latitude, longitude
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 60)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("IMG_2041 home.jpg", buffer.getvalue(), content_type="image/jpeg")


def animation(frames, size=(20, 20)):
    images = [Image.new("RGB", size, (40 * n % 256, 90, 200 - n)) for n in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=80, loop=0)
    return SimpleUploadedFile("moving.gif", buffer.getvalue(), content_type="image/gif")


@pytest.mark.django_db
def test_an_uploaded_photo_is_stored_upright_without_its_location_or_file_name():
    article = ArticleFactory(hero_image=photo_with_location_and_rotation(), hero_alt="A photo")
    with article.hero_image.open("rb"), Image.open(article.hero_image) as stored:
        assert stored.size == (40, 60)  # turned upright
        assert not stored.getexif()  # no GPS, no camera details
    assert (article.hero_width, article.hero_height) == (40, 60)
    assert "IMG_2041" not in article.hero_image.name
    assert re.fullmatch(r"articles/\d{4}/\d\d/[0-9a-f]{32}\.jpg", article.hero_image.name)


@pytest.mark.django_db
def test_an_animated_gif_keeps_its_frames_when_re_encoded():
    update = UpdateFactory(image=animation(3), image_alt="A chart that moves")
    with update.image.open("rb"), Image.open(update.image) as stored:
        assert stored.n_frames == 3


def test_an_animation_with_too_many_frames_for_its_size_is_refused(settings):
    settings.MAX_ANIMATION_PIXELS = 20 * 20 * 5
    validate_image(animation(5))
    with pytest.raises(ValidationError, match="too many frames"):
        validate_image(animation(6))
