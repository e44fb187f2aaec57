import io
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assets.images import (
    ALLOWED_FORMATS,
    IMAGE_FORMATS,
    WebImageFormField,
    clean_image,
    validate_image,
)
from assets.media import content_headers
from tests.helpers.factories import ArticleFactory, UpdateFactory, image_file


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


def test_an_animation_keeps_each_frames_own_timing_when_re_encoded():
    frames = [Image.new("RGB", (20, 20), (60 * n, 90, 200)) for n in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=[100, 250, 400])
    clean = clean_image(SimpleUploadedFile("moving.gif", buffer.getvalue()))
    with Image.open(clean) as stored:
        timings = []
        for index in range(stored.n_frames):
            stored.seek(index)
            timings.append(stored.info["duration"])
    assert timings == [100, 250, 400]


def test_an_animation_with_more_frames_than_the_limit_is_refused(settings):
    settings.MAX_ANIMATION_FRAMES = 5
    validate_image(animation(5, size=(2, 2)))
    with pytest.raises(ValidationError, match="has 6 frames; the limit is 5"):
        validate_image(animation(6, size=(2, 2)))


def test_an_animation_with_frames_larger_than_the_limit_is_refused(settings):
    settings.MAX_ANIMATION_FRAME_PIXELS = 20 * 20
    validate_image(animation(2, size=(20, 20)))
    with pytest.raises(ValidationError, match="animations may be at most"):
        validate_image(animation(2, size=(21, 20)))
    validate_image(image_file(size=(21, 20)))  # a still may be larger


@pytest.mark.parametrize(
    ("image_format", "extension"),
    [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")],
)
def test_the_clean_image_is_named_after_its_format_not_the_upload(image_format, extension):
    clean = clean_image(image_file("report.pdf", fmt=image_format))
    assert (clean.name, clean.format) == (f"image.{extension}", image_format)
    with Image.open(clean) as stored:
        assert stored.format == image_format


@pytest.mark.django_db
def test_a_camera_jpeg_with_extra_pictures_is_stored_as_its_photo_alone():
    """Some cameras add depth maps or previews to a JPEG; Pillow calls that MPO."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}
    photo, depth_map = Image.new("RGB", (60, 40), "red"), Image.new("RGB", (60, 40), "gray")
    buffer = io.BytesIO()
    photo.save(buffer, "MPO", save_all=True, append_images=[depth_map], exif=exif)
    upload = SimpleUploadedFile("DSCF0001.jpg", buffer.getvalue(), content_type="image/jpeg")
    update = UpdateFactory(image=upload, image_alt="A red square")
    assert update.image.name.endswith(".jpg")
    with update.image.open("rb"), Image.open(update.image) as stored:
        assert (stored.format, stored.size, getattr(stored, "n_frames", 1)) == ("JPEG", (40, 60), 1)
        assert not stored.getexif()


def test_a_gif_that_plays_once_still_plays_once():
    frames = [Image.new("RGB", (10, 10), (90 * n, 0, 0)) for n in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    with Image.open(clean_image(SimpleUploadedFile("once.gif", buffer.getvalue()))) as stored:
        assert stored.n_frames == 3
        assert "loop" not in stored.info


@pytest.mark.parametrize("image_format", list(IMAGE_FORMATS))
def test_each_format_is_stored_and_served_as_its_one_table_says(image_format, db):
    """One table gives each format its stored extension and its served type; the
    decoder list, upload names, served types and the form's `accept` all follow it."""
    extension, content_type = IMAGE_FORMATS[image_format]
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 0)).save(buffer, image_format)
    update = UpdateFactory(image=SimpleUploadedFile("upload.bin", buffer.getvalue()))

    assert image_format in ALLOWED_FORMATS
    assert update.image.name.endswith(f".{extension}")
    assert content_headers(update.image.name) == {"Content-Type": content_type}
    assert content_type in WebImageFormField().widget_attrs(forms.ClearableFileInput())["accept"]
