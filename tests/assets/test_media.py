"""Stored files are served with a type from their stored extension, never sniffed or run.

The second half of the attack: a file under /media/ named `.js` or `.html` was served
as `text/javascript` or `text/html` from the site's origin, so `script-src 'self'`
admitted it. Whatever a stored file holds, the site now serves it as an image of an
allowed format, or as a download, with nosniff and a policy that runs nothing.
"""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from PIL import Image

from articles.models import Article, Update
from assets.media import DOCUMENT_TYPES, content_headers
from assets.s3 import DocumentS3Storage, MediaS3Storage
from tests.helpers.factories import ArticleFactory, image_file, pdf_file

pytestmark = pytest.mark.django_db

SANDBOX_POLICY = "default-src 'none'; sandbox"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 90, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def put(settings, name, data):
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.mark.parametrize(
    ("name", "served_as"),
    [
        ("articles/2026/05/a.jpg", {"Content-Type": "image/jpeg"}),
        ("articles/2026/05/a.JPEG", {"Content-Type": "image/jpeg"}),
        ("renditions/a-1234-hero-800.png", {"Content-Type": "image/png"}),
        ("renditions/a-1234-hero-800.webp", {"Content-Type": "image/webp"}),
        ("updates/2026/05/a.gif", {"Content-Type": "image/gif"}),
        *(
            (f"articles/2026/05/a.{extension}", {"Content-Type": "application/octet-stream"})
            for extension in ("js", "html", "svg", "xml", "pdf", "bin", "tar.gz")
        ),
        ("articles/2026/05/no-extension", {"Content-Type": "application/octet-stream"}),
    ],
)
def test_media_types_come_from_the_stored_extension_through_a_fixed_list(name, served_as):
    headers = content_headers(name)
    assert headers["Content-Type"] == served_as["Content-Type"]
    # Only images display in place; anything else can only be downloaded.
    is_image = served_as["Content-Type"].startswith("image/")
    assert headers.get("Content-Disposition") == (None if is_image else "attachment")


def test_documents_are_pdfs_to_download_and_nothing_else():
    assert content_headers("reports/a.pdf", DOCUMENT_TYPES) == {
        "Content-Type": "application/pdf",
        "Content-Disposition": "attachment",
    }
    assert content_headers("reports/a.html", DOCUMENT_TYPES)["Content-Type"] == (
        "application/octet-stream"
    )


class TestServedByTheSite:
    """DJANGO_SERVE_MEDIA: `make serve` and DEBUG runs serve /media/ from Django."""

    @pytest.mark.parametrize(
        ("name", "data"),
        [
            ("reports/2026/05/report.js", b"/*%PDF-1.7*/alert(document.domain)//"),
            ("reports/2026/05/report.html", b'<!--%PDF-1.7--><script src="x.js"></script>'),
            ("articles/2026/05/chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ],
        ids=["js", "html", "svg"],
    )
    def test_a_stored_script_or_page_is_only_a_sandboxed_download(
        self, client, settings, serving_media, name, data
    ):
        put(settings, name, data)
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == SANDBOX_POLICY
        assert "Content-Encoding" not in response

    def test_an_image_is_shown_as_its_type_in_a_sandbox(self, client, settings, serving_media):
        put(settings, "articles/2026/05/chart.png", png_bytes())
        response = client.get("/media/articles/2026/05/chart.png")
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == SANDBOX_POLICY
        assert b"".join(response.streaming_content) == png_bytes()

        revalidated = client.get(
            "/media/articles/2026/05/chart.png",
            headers={"if-modified-since": response["Last-Modified"]},
        )
        assert revalidated.status_code == 304
        assert revalidated["Content-Security-Policy"] == SANDBOX_POLICY

    @pytest.mark.parametrize("path", ["", "articles/", "../settings.py", "articles/missing.png"])
    def test_folders_missing_files_and_paths_outside_media_are_404(
        self, client, settings, serving_media, path
    ):
        settings.MEDIA_ROOT.joinpath("articles").mkdir(parents=True)
        assert client.get(f"/media/{path}").status_code == 404

    @pytest.mark.parametrize(
        "path",
        [f"articles/{'a' * 300}.png", f"{'b' * 256}/chart.png", f"articles/{'c' * 5000}"],
        ids=["long-name", "long-folder", "very-long-name"],
    )
    def test_a_name_too_long_for_the_file_system_is_404_not_500(
        self, client, settings, serving_media, path
    ):
        settings.MEDIA_ROOT.joinpath("articles").mkdir(parents=True)
        assert client.get(f"/media/{path}").status_code == 404

    def test_an_image_uploaded_as_x_pdf_is_served_as_the_image_it_is(
        self, staff_client, serving_media
    ):
        response = staff_client.post(
            "/updates/new/",
            {"body": "A chart.", "image": image_file("x.pdf", fmt="PNG"), "image_alt": "A chart"},
        )
        assert response.status_code == 302
        name = Update.objects.get().image.name

        served = Client().get(f"/media/{name}")
        assert served.status_code == 200
        # The stored name comes from the validated format and the type from that name
        # through the fixed list: never the PDF the browser claimed.
        assert name.endswith(".png")
        assert served["Content-Type"] == content_headers(name)["Content-Type"] == "image/png"
        assert served["X-Content-Type-Options"] == "nosniff"
        assert served["Content-Security-Policy"] == SANDBOX_POLICY
        with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
            assert image.format == "PNG"


class TestOnObjectStorage:
    """The bucket serves the Content-Type stored with each object, so it is set at upload."""

    def media(self):
        return MediaS3Storage(
            bucket_name="thinktank-media",
            access_key="AKIAEXAMPLE",
            secret_key="example-secret",
            location="media",
            object_parameters={"CacheControl": "public, max-age=31536000, immutable"},
        )

    def documents(self):
        return DocumentS3Storage(
            bucket_name="thinktank-media",
            access_key="AKIAEXAMPLE",
            secret_key="example-secret",
            region_name="eu-west-1",
            location="private",
            default_acl="private",
            querystring_auth=True,
            signature_version="s3v4",
        )

    def test_an_image_object_is_stored_with_its_validated_type(self):
        # What the browser claimed about the upload plays no part.
        upload = image_file("x.pdf", fmt="PNG")
        upload.content_type = "text/html"
        assert self.media()._get_write_parameters("media/updates/a.png", upload) == {
            "CacheControl": "public, max-age=31536000, immutable",
            "ContentType": "image/png",
        }

    def test_any_other_object_is_stored_as_an_opaque_download(self):
        parameters = self.media()._get_write_parameters("media/articles/a.html")
        assert parameters["ContentType"] == "application/octet-stream"
        assert parameters["ContentDisposition"] == "attachment"
        assert "ContentEncoding" not in self.media()._get_write_parameters("media/a.tar.gz")

    def test_a_report_object_is_a_private_pdf_download(self):
        assert self.documents()._get_write_parameters("private/reports/a.pdf") == {
            "ContentType": "application/pdf",
            "ContentDisposition": "attachment",
            "ACL": "private",
        }

    def test_readers_are_sent_to_a_short_lived_presigned_link(self, client, monkeypatch, settings):
        article = ArticleFactory(kind=Article.Kind.REPORT, slug="gulf-ports", pdf=pdf_file())
        monkeypatch.setattr(Article._meta.get_field("pdf"), "storage", self.documents())

        response = client.get("/articles/gulf-ports/pdf/")

        assert response.status_code == 302
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        link = urlsplit(response["Location"])
        assert link.hostname.startswith("thinktank-media.s3")
        assert link.path == f"/private/{article.pdf.name}"
        query = parse_qs(link.query)
        assert query["X-Amz-Expires"] == [str(settings.PRIVATE_MEDIA_LINK_SECONDS)]
        assert query["response-content-type"] == ["application/pdf"]
        assert query["response-content-disposition"] == ['attachment; filename="gulf-ports.pdf"']

    def test_an_unpublished_report_gets_no_link(self, client, monkeypatch):
        ArticleFactory(kind=Article.Kind.REPORT, slug="embargoed", pdf=pdf_file(), draft=True)
        monkeypatch.setattr(Article._meta.get_field("pdf"), "storage", self.documents())
        assert client.get("/articles/embargoed/pdf/").status_code == 404
