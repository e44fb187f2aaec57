"""Report PDFs are private files: readers get one only through a published article's /pdf/.

The attack this replays: a report PDF uploaded to a draft was stored under MEDIA_ROOT
and answered 200 at /media/reports/… to anyone, from the site's own origin. Now the
file is stored outside MEDIA_ROOT, and every door to it is tried.
"""

import html
import re
import time
from unittest import mock

import pytest
from django.test import Client

from articles.models import Article
from revisions.models import TrashedItem
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import ArticleFactory, pdf_file

pytestmark = pytest.mark.django_db

SANDBOX_POLICY = "default-src 'none'; sandbox"


def upload_report(client, slug, status=Article.Status.DRAFT):
    """A report with a PDF, uploaded through the admin's form as an editor does it."""
    button = {Article.Status.PUBLISHED: "_publish", Article.Status.IN_REVIEW: "_submit"}
    data = article_form(
        slug=slug,
        title=f"Report {slug}",
        kind=Article.Kind.REPORT,
        pdf=pdf_file(f"{slug}.pdf"),
        **({button[status]: "x"} if status in button else {}),
    )
    response = client.post(f"{ARTICLES}add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(slug=slug)


def make_hidden(state, article, editor):
    if state == "archived":
        Article.objects.filter(pk=article.pk).update(status=Article.Status.ARCHIVED)
    elif state == "trashed":
        TrashedItem.objects.trash(article, editor)
        assert not Article.objects.filter(pk=article.pk).exists()


def doors(name, slug, settings):
    """Every address a reader might try for the stored file `name`."""
    published = ArticleFactory(kind=Article.Kind.REPORT, slug="published", pdf=pdf_file())
    borrowed = published.pdf.url.partition("?")[2]  # a real, current signature for another file
    return [
        f"/media/{name}",
        f"{settings.MEDIA_URL}{name}",
        f"/media/../{settings.PRIVATE_MEDIA_ROOT.name}/{name}",
        f"/media/%2e%2e/{settings.PRIVATE_MEDIA_ROOT.name}/{name}",
        f"/articles/{slug}/pdf/",
        f"/private-media/{name}",
        f"/private-media/{name}?signature=1tZ0aa:forged",
        f"/private-media/{name}?{borrowed}",
    ]


@pytest.mark.parametrize("state", ["draft", "in_review", "archived", "trashed"])
def test_a_hidden_reports_pdf_is_reachable_at_no_url(
    editor_client, editor, settings, serving_media, state
):
    status = Article.Status.IN_REVIEW if state == "in_review" else Article.Status.DRAFT
    article = upload_report(editor_client, "embargoed", status=status)
    name = article.pdf.name
    make_hidden(state, article, editor)

    # No web server that serves MEDIA_ROOT can reach it: it is not there.
    assert not any(settings.MEDIA_ROOT.rglob(name.rsplit("/", 1)[-1]))
    reader = Client()
    for url in doors(name, "embargoed", settings):
        assert reader.get(url).status_code == 404, url
    assert reader.get("/articles/published/pdf/").status_code == 200


def test_an_expired_link_gets_a_page_saying_how_to_get_a_fresh_one(editor_client, settings):
    article = upload_report(editor_client, "embargoed")
    url = article.pdf.url  # the link the admin shows
    assert Client().get(url).status_code == 200
    later = time.time() + settings.PRIVATE_MEDIA_LINK_SECONDS + 1
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = Client().get(url)

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert {"assets/link_expired.html", "base.html"} <= {t.name for t in response.templates}
    page = response.content.decode()
    assert "This link has expired. Open the article in the admin again for a fresh link." in page
    assert "%PDF" not in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_forged_link_stays_a_404_even_with_an_old_genuine_timestamp(editor_client, settings):
    article = upload_report(editor_client, "embargoed")
    timestamp = article.pdf.url.rsplit("=", 1)[1].split("%3A")[0]
    forged = f"/private-media/{article.pdf.name}?signature={timestamp}%3Aforged"
    later = time.time() + settings.PRIVATE_MEDIA_LINK_SECONDS + 1
    assert Client().get(forged).status_code == 404
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert Client().get(forged).status_code == 404


def test_a_published_reports_pdf_is_a_sandboxed_download(editor_client, serving_media):
    article = upload_report(editor_client, "gulf-ports", status=Article.Status.PUBLISHED)
    reader = Client()

    assert reader.get(f"/media/{article.pdf.name}").status_code == 404
    response = reader.get("/articles/gulf-ports/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="gulf-ports.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # Its own policy, not the site's: nothing in it runs, whatever the bytes say.
    assert response["Content-Security-Policy"] == SANDBOX_POLICY
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_editors_open_a_drafts_pdf_from_the_admin_through_a_signed_link(editor_client):
    article = upload_report(editor_client, "embargoed")
    page = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()
    (link,) = re.findall(
        rf'href="(/private-media/{re.escape(article.pdf.name)}\?signature=[^"]+)"', page
    )

    response = Client().get(html.unescape(link))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX_POLICY
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
