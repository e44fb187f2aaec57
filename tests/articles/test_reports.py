"""Reports and policy briefs carry a PDF readers download, checked when it is uploaded."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from articles.models import Article
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import ArticleFactory, image_file, pdf_file
from tests.helpers.files import stored_files

pytestmark = pytest.mark.django_db


def report_form(**fields):
    return article_form(**{"kind": Article.Kind.REPORT, "_publish": "Publish now", **fields})


def form_errors(response):
    assert response.status_code == 200, "the form should be shown again with errors"
    return response.context["adminform"].form.errors


def encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("embargo")
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("locked.pdf", buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def report():
    return ArticleFactory(
        kind=Article.Kind.REPORT, slug="gulf-security", title="Gulf security", pdf=pdf_file(pages=4)
    )


class TestUploadingInTheAdmin:
    def test_editor_attaches_a_pdf_whose_size_and_pages_readers_see(self, editor_client, settings):
        response = editor_client.post(f"{ARTICLES}add/", report_form(pdf=pdf_file(pages=3)))
        assert response.status_code == 302, response.context and form_errors(response)

        article = Article.objects.get()
        assert article.pdf_pages == 3
        assert article.pdf_size == article.pdf.size > 0
        # The stored name is generated: the uploader's file name never reaches a URL.
        assert re.fullmatch(r"reports/\d{4}/\d\d/[0-9a-f]{32}\.pdf", article.pdf.name)
        assert [path.name for path in stored_files(settings)] == [article.pdf.name.split("/")[-1]]

        page = editor_client.get(article.get_absolute_url()).content.decode()
        assert "Download the report (PDF, " in page
        assert "3 pages)" in page

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("report.pdf", b"just some text"), "not a PDF"),
            (image_file("report.pdf"), "not a PDF"),
            (SimpleUploadedFile("report.pdf", pdf_file().read()[:600]), "incomplete"),
            (SimpleUploadedFile("report.pdf", b"%PDF-1.7\n garbage \n%%EOF"), "damaged"),
            (SimpleUploadedFile("report.pdf", b""), "empty"),
            (encrypted_pdf(), "password-protected"),
        ],
        ids=["text", "image-named-pdf", "truncated", "garbage", "empty", "encrypted"],
    )
    def test_anything_but_a_readable_pdf_is_refused_and_nothing_saved(
        self, editor_client, settings, upload, message
    ):
        errors = form_errors(editor_client.post(f"{ARTICLES}add/", report_form(pdf=upload)))
        assert list(errors) == ["pdf"]
        assert message in errors["pdf"][0]
        assert not Article.objects.exists()
        assert stored_files(settings) == []

    def test_a_pdf_over_the_size_limit_is_refused(self, editor_client, settings):
        settings.MAX_DOCUMENT_UPLOAD_BYTES = 1000
        errors = form_errors(editor_client.post(f"{ARTICLES}add/", report_form(pdf=pdf_file())))
        assert "the limit is 1000" in errors["pdf"][0]
        assert not Article.objects.exists()

    def test_only_reports_and_policy_briefs_carry_a_pdf(self, editor_client):
        data = report_form(pdf=pdf_file(), kind=Article.Kind.COMMENTARY)
        errors = form_errors(editor_client.post(f"{ARTICLES}add/", data))
        assert "Only reports and policy briefs carry a PDF" in errors["pdf"][0]

    def test_the_change_form_shows_the_pdf_as_readers_see_it(self, editor_client, report):
        page = editor_client.get(f"{ARTICLES}{report.pk}/change/").content.decode()
        assert "4 pages" in page


class TestDownloading:
    def test_readers_download_the_pdf_as_an_attachment_named_after_the_article(
        self, client, report
    ):
        response = client.get("/articles/gulf-security/pdf/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="gulf-security.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")

    def test_the_download_is_cached_by_a_cdn_no_longer_than_public_pages(self, client, report):
        # A CDN then stops serving a report that was unpublished as soon as its page.
        response = client.get("/articles/gulf-security/pdf/")
        assert response["Cache-Control"] == client.get("/")["Cache-Control"]
        for directive in ("public", "max-age=0", "s-maxage=30"):
            assert directive in response["Cache-Control"].split(", ")

    def test_the_article_page_links_the_download_and_tells_scholar_where_it_is(
        self, client, report
    ):
        page = client.get(report.get_absolute_url()).content.decode()
        assert 'href="/articles/gulf-security/pdf/"' in page
        assert (
            '<meta name="citation_pdf_url" content="http://testserver/articles/gulf-security/pdf/">'
            in page
        )
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        # The article's own block; the page's BreadcrumbList is the other.
        (data,) = [b for b in map(json.loads, blocks) if b["@type"] != "BreadcrumbList"]
        assert data["encoding"]["contentUrl"] == "http://testserver/articles/gulf-security/pdf/"
        assert data["encoding"]["encodingFormat"] == "application/pdf"

    @pytest.mark.parametrize("state", [{"draft": True}, {"future": True}])
    def test_an_unpublished_reports_pdf_is_not_served(self, client, state):
        ArticleFactory(kind=Article.Kind.REPORT, slug="embargoed", pdf=pdf_file(), **state)
        assert client.get("/articles/embargoed/pdf/").status_code == 404

    def test_an_article_without_a_pdf_has_no_download(self, client):
        article = ArticleFactory(kind=Article.Kind.REPORT, slug="no-pdf")
        assert client.get("/articles/no-pdf/pdf/").status_code == 404
        assert "/pdf/" not in client.get(article.get_absolute_url()).content.decode()

    def test_a_pdf_left_on_an_article_whose_kind_changed_is_not_offered(self, client, report):
        Article.objects.filter(pk=report.pk).update(kind=Article.Kind.ANALYSIS)
        assert client.get("/articles/gulf-security/pdf/").status_code == 404
        assert "citation_pdf_url" not in client.get(report.get_absolute_url()).content.decode()

    def test_a_pdf_missing_from_storage_is_a_404_not_a_500(self, client, report):
        report.pdf.storage.delete(report.pdf.name)
        assert client.get("/articles/gulf-security/pdf/").status_code == 404

    def test_a_report_saved_outside_the_admin_still_records_its_pages(self):
        article = ArticleFactory(kind=Article.Kind.POLICY_BRIEF, pdf=pdf_file(pages=2))
        assert (article.pdf_pages, article.pdf_size > 0) == (2, True)
        article.pdf = ""
        article.save()
        assert (article.pdf_pages, article.pdf_size) == (None, None)


def test_searching_a_reports_title_finds_the_report_and_its_pdf(client, report):
    response = client.get("/search/", {"q": "Gulf security"})
    assert response.context["page_obj"].object_list[0].title == "Gulf security"
    assert "PDF, 4 pages" in response.content.decode()
