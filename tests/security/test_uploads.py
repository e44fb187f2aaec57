"""Hostile uploads: every one a clear form error or a harmless stored file, never a 500."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Update
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import image_file, pdf_file
from tests.helpers.files import stored_files

pytestmark = pytest.mark.django_db


def png_bomb(width=30_000, height=30_000):
    """A tiny PNG declaring 900 megapixels of zeros: kilobytes on disk, gigabytes decoded."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 64, 9)  # a few rows; the rest is missing
    return SimpleUploadedFile(
        "bomb.png",
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b""),
        content_type="image/png",
    )


def gif_polyglot():
    """A real GIF whose trailing bytes are an HTML page with a script."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, "GIF")
    payload = b"<html><script>alert(document.cookie)</script></html>"
    return SimpleUploadedFile("chart.gif", buffer.getvalue() + payload, content_type="image/gif")


def animation(frames, size):
    images = [Image.new("RGB", size, (n % 255, 0, 0)) for n in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:])
    return SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'

REFUSED_IMAGES = [
    pytest.param(lambda: png_bomb(), id="decompression-bomb"),
    pytest.param(lambda: SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"), id="svg"),
    pytest.param(lambda: SimpleUploadedFile("photo.jpg", SVG, "image/jpeg"), id="svg-named-jpg"),
    pytest.param(lambda: SimpleUploadedFile("photo.jpg", b"", "image/jpeg"), id="empty"),
    pytest.param(
        lambda: SimpleUploadedFile("photo.jpg", image_file().read()[:200], "image/jpeg"),
        id="truncated",
    ),
    pytest.param(lambda: image_file("scan.bmp", fmt="BMP"), id="bmp"),
    pytest.param(lambda: SimpleUploadedFile("doc.jpg", pdf_file().read(), "image/jpeg"), id="pdf"),
]


@pytest.mark.parametrize("make_upload", REFUSED_IMAGES)
def test_hostile_images_are_refused_with_a_form_error(editor_client, settings, make_upload):
    response = editor_client.post(
        f"{ARTICLES}add/", article_form(hero_image=make_upload(), hero_alt="Alt")
    )
    assert response.status_code == 200
    assert "hero_image" in response.context["adminform"].form.errors
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_a_huge_animation_is_refused(editor_client, settings):
    settings.MAX_ANIMATION_PIXELS = 10 * 200 * 200
    response = editor_client.post(
        f"{ARTICLES}add/", article_form(hero_image=animation(12, (200, 200)), hero_alt="Alt")
    )
    assert "too many frames" in str(response.context["adminform"].form.errors)


def test_a_polyglot_image_is_stored_without_its_hidden_payload(staff_client, settings):
    response = staff_client.post(
        "/updates/new/", {"body": "Chart.", "image": gif_polyglot(), "image_alt": "A red square"}
    )
    assert response.status_code == 302
    stored = b"".join(path.read_bytes() for path in stored_files(settings))
    assert b"<script>" not in stored


def test_the_update_form_refuses_an_oversized_image_clearly(staff_client, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 500
    response = staff_client.post(
        "/updates/new/",
        {"body": "Photo.", "image": image_file(size=(300, 300)), "image_alt": "A photo"},
    )
    assert response.status_code == 200
    assert "the limit is 500" in response.content.decode()
    assert not Update.objects.exists()


def test_a_pdf_polyglot_is_only_ever_served_as_a_download(client):
    from tests.helpers.factories import ArticleFactory

    data = pdf_file().read().replace(b"%PDF-", b"%PDF-", 1) + b"<script>alert(1)</script>"
    upload = SimpleUploadedFile("r.pdf", data + b"\n%%EOF\n", "application/pdf")
    article = ArticleFactory(kind=Article.Kind.REPORT, slug="poly", pdf=upload)
    response = client.get("/articles/poly/pdf/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert article.pdf.name.endswith(".pdf")
