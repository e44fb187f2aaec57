"""The live preview beside the article form: the unsaved form on the public template."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleAuthor, Correction
from audit.models import AuditEvent
from revisions.models import Revision
from taxonomy.models import Topic
from tests.helpers.admin import ARTICLES, UPDATES, article_form
from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory, UpdateFactory
from tests.helpers.forms import form_data, management_form

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _counts():
    return [
        model.objects.count()
        for model in (Article, ArticleAuthor, Correction, Topic, Revision, AuditEvent)
    ]


def _preview(client, url, data):
    """POST the form to the live preview, then load the page the panel's frame shows."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(url, data)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]
    assert writes == []
    assert answer.status_code == 200
    return answer.json(), client.get(url)


def test_the_change_form_previews_unsaved_fields_and_inlines_without_writing(editor_client):
    ali, bina = PersonFactory(name="Ali Khan"), PersonFactory(name="Bina Rao")
    kept_topic = TopicFactory(name="Defence")
    article = ArticleFactory(title="Stored title", authors=[ali], topics=[kept_topic])
    url = f"{ARTICLES}{article.pk}/change/"
    data = form_data(
        editor_client.get(url),
        title="Unsaved title",
        body="<h2>Fresh section</h2><p>Unsaved paragraph.</p>",
        new_topics="Energy security",
        **{
            **management_form("bylines", 2, initial=1),
            "bylines-1-person": str(bina.pk),
            "bylines-1-order": "0",
            "bylines-0-order": "5",
            **management_form("corrections", 1),
            "corrections-0-date": "2026-12-01",
            "corrections-0-text": "An unsaved correction.",
        },
    )
    before = _counts()

    answer, page = _preview(editor_client, f"{ARTICLES}{article.pk}/live-preview/", data)

    assert answer == {"ok": True}
    html = page.content.decode()
    assert "Unsaved title" in html
    assert "Unsaved paragraph." in html
    assert html.index("Bina Rao") < html.index("Ali Khan")  # the order fields decide
    assert "Energy security" in html
    assert "Defence" in html
    assert "An unsaved correction." in html
    assert "Live preview of unsaved changes" in html
    assert _counts() == before
    article.refresh_from_db()
    assert article.title == "Stored title"
    assert article.byline_people == [ali]


def test_a_topic_typed_in_leaves_the_related_box_in_the_preview(editor_client):
    defence = TopicFactory(name="Defence")
    article = ArticleFactory(title="Stored title", topics=[defence])
    ArticleFactory(title="Older work on defence", topics=[defence])
    url = f"{ARTICLES}{article.pk}/change/"
    data = form_data(editor_client.get(url), new_topics="Energy security")
    answer, page = _preview(editor_client, f"{ARTICLES}{article.pk}/live-preview/", data)
    assert answer == {"ok": True}
    assert "Energy security" in page.text
    assert "Older work on defence" in page.text


def test_the_add_form_previews_a_new_article_without_creating_it(editor_client):
    author = PersonFactory(name="Chen Wei")
    data = article_form(
        title="A new piece",
        new_topics="Sahel security",
        **{
            **management_form("bylines", 1),
            "bylines-0-person": str(author.pk),
            "bylines-0-order": "0",
        },
    )
    answer, page = _preview(editor_client, f"{ARTICLES}add/live-preview/", data)
    assert answer == {"ok": True}
    html = page.content.decode()
    assert "A new piece" in html
    assert "Chen Wei" in html
    assert "Sahel security" in html
    assert not Article.objects.exists()
    assert not Topic.objects.exists()


def test_form_errors_are_plain_words_not_a_crash(editor_client):
    answer, page = _preview(
        editor_client, f"{ARTICLES}add/live-preview/", article_form(title="", slug="")
    )
    assert answer["ok"] is False
    assert "Title: This field is required." in answer["errors"]
    assert "appears here" in page.content.decode()  # nothing previewed yet


def test_a_chosen_image_is_said_to_appear_after_saving(editor_client):
    data = article_form(_live_preview_pending_files="1")
    _answer, page = _preview(editor_client, f"{ARTICLES}add/live-preview/", data)
    assert "Images you have chosen appear here after you save." in page.content.decode()


def test_only_the_preview_page_may_be_framed_and_only_by_the_site(editor_client):
    article = ArticleFactory()
    frame = editor_client.get(f"{ARTICLES}{article.pk}/live-preview/")
    assert frame.headers["X-Frame-Options"] == "SAMEORIGIN"
    policy = frame.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "'unsafe-inline'" not in policy
    # Otherwise the site's policy, to the letter (nonces are per response).
    form_policy = editor_client.get(f"{ARTICLES}{article.pk}/change/").headers[
        "Content-Security-Policy"
    ]

    def same(text):
        return re.sub(r" 'nonce-[^']*'", "", text)  # only where the page used one

    assert same(policy) == same(form_policy).replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    for other in (f"{ARTICLES}{article.pk}/change/", f"{ARTICLES}{article.pk}/preview/", "/"):
        response = editor_client.get(other)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_change_form_carries_the_panel_for_articles_not_for_updates(editor_client):
    article = ArticleFactory()
    page = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()
    assert f'data-url="{ARTICLES}{article.pk}/live-preview/"' in page
    assert "js/live_preview" in page
    assert 'id="live-preview" ' in page and " hidden>" in page  # the script shows it
    update = UpdateFactory()
    assert "live-preview" not in editor_client.get(f"{UPDATES}{update.pk}/change/").content.decode()


def test_someone_elses_preview_is_not_shown(editor_client, client, editor):
    from tests.helpers.factories import UserFactory

    article = ArticleFactory()
    url = f"{ARTICLES}{article.pk}/live-preview/"
    editor_client.post(
        url,
        form_data(editor_client.get(f"{ARTICLES}{article.pk}/change/"), title="Secret draft title"),
    )
    other = UserFactory(username="other-editor", is_staff=True, groups=["Editors"])
    client.force_login(other)
    assert "Secret draft title" not in client.get(url).content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_contributor_cannot_preview_someone_elses_article(staff_client, method):
    article = ArticleFactory(draft=True, title="Not theirs")
    response = getattr(staff_client, method)(f"{ARTICLES}{article.pk}/live-preview/")
    assert response.status_code in (403, 404)
    assert "Not theirs" not in response.content.decode()


def test_a_contributor_cannot_preview_a_published_article_they_may_no_longer_edit(
    staff_client, staff_user
):
    article = ArticleFactory(authors=[staff_user.person])  # published: editors only now
    response = staff_client.post(f"{ARTICLES}{article.pk}/live-preview/", article_form())
    assert response.status_code == 403


def test_readers_are_sent_to_log_in(client):
    response = client.get(f"{ARTICLES}add/live-preview/")
    assert response.status_code == 302
    assert "/login/" in response.headers["Location"]


def test_the_previewed_body_is_sanitised_like_a_saved_one(editor_client):
    data = article_form(body='<p onclick="steal()">Hi</p><script>alert(1)</script>')
    answer, page = _preview(editor_client, f"{ARTICLES}add/live-preview/", data)
    assert answer == {"ok": True}
    html = page.content.decode()
    assert "<p>Hi</p>" in html
    assert "steal()" not in html
    assert "alert(1)" not in html


def test_a_contributor_previews_their_new_article_under_their_own_name(staff_client):
    data = article_form(title="My first draft")
    for name in list(data):
        if name.startswith(("bylines-", "corrections-", "preview_links-")):
            del data[name]  # contributors' form has no such inlines
    answer, page = _preview(staff_client, f"{ARTICLES}add/live-preview/", data)
    assert answer == {"ok": True}
    html = page.content.decode()
    assert "My first draft" in html
    assert "Staff Member" in html  # saving puts them in the byline
    assert not Article.objects.exists()
