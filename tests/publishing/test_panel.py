"""The publishing panel on the change form: each button, as editors and contributors press it.

Every post is the change form as the page renders it (tests/helpers/forms.py), plus the
pressed button's name, as a browser sends it.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from audit.models import AuditEvent
from publishing.models import PreviewLink
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import ArticleFactory
from tests.helpers.forms import form_data

pytestmark = pytest.mark.django_db

KARACHI = "Asia/Karachi"


def change_url(article):
    return f"{ARTICLES}{article.pk}/change/"


def press(client, article, button, **changes):
    """Open the article's change form and press `button` (its name), following the redirect."""
    page = client.get(change_url(article))
    assert f'name="{button}"' in page.content.decode(), f"no {button} button on the form"
    return client.post(
        change_url(article), form_data(page, **{button: "x", **changes}), follow=True
    )


def messages_in(response):
    return [str(message) for message in response.context["messages"]]


def buttons(html):
    """The names of the submit buttons of the change form, in page order."""
    form = html.split('id="article_form"', 1)[1].split("</form>", 1)[0]
    return list(dict.fromkeys(re.findall(r'<input type="submit" name="(_\w+)"', form)))


def actions(article):
    return [event.action for event in AuditEvent.objects.for_object(article).order_by("pk")]


# Publishing now --------------------------------------------------------------------------


def test_publish_now_puts_a_draft_live_and_says_so_with_a_link(editor_client):
    article = ArticleFactory(title="Gulf shipping", draft=True)
    response = press(editor_client, article, "_publish", title="Gulf shipping insurers")
    article.refresh_from_db()
    assert article.is_live
    assert article.title == "Gulf shipping insurers"  # the form was saved first
    assert response.redirect_chain[-1][0] == change_url(article)
    message = messages_in(response)[0]
    assert message.startswith("“Gulf shipping insurers” is now live.")
    assert f'<a href="{article.get_absolute_url()}">View it on the site</a>' in message
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert actions(article) == [AuditEvent.Action.PUBLISH]


def test_publish_now_on_the_add_form_creates_a_live_article(editor_client):
    response = editor_client.post(
        f"{ARTICLES}add/", article_form(_publish="Publish now"), follow=True
    )
    article = Article.objects.get()
    assert article.is_live
    assert response.redirect_chain[-1][0] == change_url(article)
    assert "is now live." in messages_in(response)[0]


def test_publish_now_on_a_scheduled_article_publishes_it_now(editor_client):
    article = ArticleFactory(published_at=timezone.now() + timedelta(days=3))
    assert article.is_scheduled
    press(editor_client, article, "_publish")
    article.refresh_from_db()
    assert article.is_live


def test_a_form_error_publishes_nothing(editor_client):
    article = ArticleFactory(draft=True)
    page = editor_client.get(change_url(article))
    response = editor_client.post(change_url(article), form_data(page, title="", _publish="x"))
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


# Scheduling -----------------------------------------------------------------------------


def test_schedule_sets_the_time_in_the_site_zone_and_names_it(editor_client, settings):
    settings.TIME_ZONE = KARACHI
    article = ArticleFactory(title="Budget preview", draft=True)
    page = editor_client.get(change_url(article)).content.decode()
    assert "Go live at (Asia/Karachi time)" in page
    assert 'type="datetime-local" name="go_live_at"' in page

    go_live = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    response = press(editor_client, article, "_schedule", go_live_at=f"{go_live:%Y-%m-%dT%H:%M}")
    article.refresh_from_db()
    assert article.is_scheduled
    assert article.published_at == go_live
    [message] = messages_in(response)
    assert re.fullmatch(
        f"“Budget preview” will go live on {go_live.day} {go_live:%B %Y}, 09:00 "
        r"\(Asia/Karachi\), in [23]\xa0days\. Until then readers do not see it\.",
        message,
    ), message
    assert actions(article) == [AuditEvent.Action.SCHEDULE]
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_the_panel_shows_a_scheduled_articles_badge_and_offers_to_reschedule(editor_client):
    article = ArticleFactory(published_at=timezone.now() + timedelta(days=3, hours=5))
    html = editor_client.get(change_url(article)).content.decode()
    # Whole days, as the issue shows it: "(in 3 days)", not Django's "(in 3 days, 5 hours)".
    assert re.search(
        r"status-badge--scheduled\">Scheduled for \d+ \w+ \d{4}, \d\d:\d\d \(in 3\xa0days\)<",
        html,
    )
    assert "Reschedule…" in html
    assert "Unschedule" in html


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", "Choose the date and time it should go live."),
        ("2031-13-45T99:00", "Enter a valid date/time."),
        ("next tuesday", "Enter a valid date/time."),
        ("2020-01-01T09:00", "Choose a time in the future, or press Publish now."),
    ],
    ids=["empty", "impossible", "words", "past"],
)
def test_a_bad_schedule_time_is_a_form_error_and_nothing_changes(editor_client, value, error):
    article = ArticleFactory(title="Kept", draft=True)
    page = editor_client.get(change_url(article))
    response = editor_client.post(
        change_url(article), form_data(page, title="Not saved", go_live_at=value, _schedule="x")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["go_live_at"] == [error]
    html = response.content.decode()
    assert error in html
    assert '<details class="publishing-more" open>' in html  # the picker shows its error
    article.refresh_from_db()
    assert (article.title, article.status, article.published_at) == ("Kept", "draft", None)


# Expiry ---------------------------------------------------------------------------------


def test_set_and_clear_an_expiry(editor_client, settings):
    settings.TIME_ZONE = KARACHI
    article = ArticleFactory(title="Ceasefire terms")
    expiry = timezone.localtime(timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    response = press(
        editor_client, article, "_set_expiry", expire_at=expiry.strftime("%Y-%m-%dT%H:%M")
    )
    article.refresh_from_db()
    assert article.expires_at == expiry
    assert messages_in(response)[0].startswith(
        f"“Ceasefire terms” will leave the site on {expiry.day} {expiry:%B %Y, %H:%M} "
        "(Asia/Karachi), in 6\xa0days."
    )
    html = response.content.decode()
    assert 'status-badge--live">Live</span>' in html
    assert "Expires on" in html
    assert f'value="{expiry:%Y-%m-%dT%H:%M}"' in html  # the picker shows the expiry

    response = press(editor_client, article, "_clear_expiry")
    article.refresh_from_db()
    assert article.expires_at is None
    assert messages_in(response) == ["“Ceasefire terms” has no expiry date: it stays on the site."]
    assert actions(article) == [AuditEvent.Action.EXPIRY, AuditEvent.Action.EXPIRY]


def test_an_expiry_in_the_past_is_a_form_error(editor_client):
    article = ArticleFactory()
    page = editor_client.get(change_url(article))
    response = editor_client.post(
        change_url(article), form_data(page, expire_at="2020-01-01T09:00", _set_expiry="x")
    )
    assert response.status_code == 200
    assert (
        "To take it off the site now, press Unpublish."
        in (response.context["adminform"].form.errors["expire_at"][0])
    )
    article.refresh_from_db()
    assert article.expires_at is None


# Unpublish, archive ---------------------------------------------------------------------


def test_unpublish_takes_a_live_article_off_the_site(editor_client):
    article = ArticleFactory(title="Old brief")
    response = press(editor_client, article, "_unpublish")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert messages_in(response) == ["“Old brief” is back to draft: readers no longer see it."]
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_archive_keeps_the_article_off_the_site(editor_client):
    article = ArticleFactory(title="Old brief")
    response = press(editor_client, article, "_archive")
    article.refresh_from_db()
    assert article.status == Article.Status.ARCHIVED
    assert messages_in(response) == ["“Old brief” is archived: off the site, kept here."]
    assert 'status-badge--archived">Archived' in response.content.decode()


# Who sees which buttons -----------------------------------------------------------------


def test_an_editor_sees_publish_on_a_draft_and_unpublish_on_a_live_article(editor_client):
    draft_buttons = buttons(
        editor_client.get(change_url(ArticleFactory(draft=True))).content.decode()
    )
    # Enter in a text field presses the form's first button: it must be the harmless Save.
    assert draft_buttons[0] == "_continue"
    assert {"_publish", "_schedule", "_set_expiry"} <= set(draft_buttons)
    assert not {"_submit", "_unpublish", "_archive", "_clear_expiry"} & set(draft_buttons)

    live = ArticleFactory()
    html = editor_client.get(change_url(live)).content.decode()
    assert {"_unpublish", "_archive", "_set_expiry"} <= set(buttons(html))
    assert "_publish" not in buttons(html)
    assert 'status-badge--live">Live</span>' in html
    assert f'<a href="{live.get_absolute_url()}">View on the site</a>' in html


def test_the_status_dropdown_is_gone_from_the_article_form(editor_client):
    html = editor_client.get(change_url(ArticleFactory(draft=True))).content.decode()
    assert 'name="status"' not in html
    assert 'name="published_at_0"' not in html


def test_a_contributor_submits_their_draft_for_review(staff_client, staff_user):
    article = ArticleFactory(title="My draft", draft=True, authors=[staff_user.person])
    page = staff_client.get(change_url(article)).content.decode()
    assert "_submit" in buttons(page)
    assert not {"_publish", "_schedule", "_set_expiry", "_unpublish"} & set(buttons(page))
    response = press(staff_client, article, "_submit")
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert messages_in(response) == [
        "“My draft” is submitted for review: an editor will check and publish it."
    ]
    assert 'status-badge--review">In review' in response.content.decode()


@pytest.mark.parametrize("button", ["_publish", "_unpublish", "_archive", "_clear_expiry"])
def test_a_contributor_pressing_an_editors_button_gets_a_message_not_an_error(
    staff_client, staff_user, button
):
    article = ArticleFactory(title="My draft", draft=True, authors=[staff_user.person])
    page = staff_client.get(change_url(article))
    response = staff_client.post(
        change_url(article), form_data(page, title="My better draft", **{button: "x"}), follow=True
    )
    assert response.status_code == 200
    [message] = messages_in(response)
    assert message.startswith("Your changes were saved, but only editors may")
    article.refresh_from_db()
    assert (article.title, article.status, article.published_at) == (
        "My better draft",
        Article.Status.DRAFT,
        None,
    )
    assert actions(article) == []


# Preview links --------------------------------------------------------------------------


@pytest.fixture
def shared(editor):
    article = ArticleFactory(title="Embargoed", draft=True)
    link = PreviewLink.objects.create(
        item=article, note="Dr Ahmed", expires_at=timezone.now() + timedelta(days=7, minutes=1)
    )
    return article, link


def test_a_preview_link_shows_its_whole_address_copy_and_revoke(editor_client, shared, settings):
    settings.TIME_ZONE = KARACHI
    article, link = shared
    html = editor_client.get(change_url(article)).content.decode()
    url = f"http://testserver{link.get_absolute_url()}"
    assert f'<code class="preview-link-url" id="preview-link-{link.pk}">{url}</code>' in html
    assert f'data-copy-target="preview-link-{link.pk}" hidden' in html  # shown by JavaScript
    revoke = f"{change_url(article).removesuffix('change/')}preview-links/{link.pk}/revoke/"
    assert f'formaction="{revoke}" formmethod="post"' in html
    expires = timezone.localtime(link.expires_at)
    assert f"Works until {expires.day} {expires:%B %Y, %H:%M} (in 7\xa0days)" in html
    assert 'name="preview_links-0-revoke"' not in html  # no more tick-and-save


def test_revoking_a_preview_link_leaves_the_rest_of_the_form_unsaved(editor_client, shared):
    article, link = shared
    page = editor_client.get(change_url(article))
    revoke = f"{ARTICLES}{article.pk}/preview-links/{link.pk}/revoke/"
    response = editor_client.post(revoke, form_data(page, title="Unsaved title"), follow=True)
    assert response.redirect_chain[-1][0] == change_url(article)
    assert messages_in(response) == [
        "The preview link for Dr Ahmed is revoked: it no longer works."
    ]
    link.refresh_from_db()
    article.refresh_from_db()
    assert link.revoked_at is not None
    assert article.title == "Embargoed"
    assert Client().get(link.get_absolute_url()).status_code == 410
    assert AuditEvent.Action.REVOKE_PREVIEW_LINK in actions(article)
    assert "Revoked on" in response.content.decode()


def test_revoking_needs_a_post_and_the_links_own_item(editor_client, shared):
    article, link = shared
    revoke = f"{ARTICLES}{article.pk}/preview-links/{link.pk}/revoke/"
    assert editor_client.get(revoke).status_code == 405
    other = ArticleFactory(draft=True)
    response = editor_client.post(
        f"{ARTICLES}{other.pk}/preview-links/{link.pk}/revoke/", follow=True
    )
    assert messages_in(response) == ["That preview link no longer exists."]
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_contributor_cannot_revoke_a_preview_link(staff_client, staff_user):
    article = ArticleFactory(draft=True, authors=[staff_user.person])
    link = PreviewLink.objects.create(
        item=article, note="Press", expires_at=timezone.now() + timedelta(days=1)
    )
    response = staff_client.post(
        f"{ARTICLES}{article.pk}/preview-links/{link.pk}/revoke/", follow=True
    )
    assert response.status_code == 200
    assert messages_in(response) == ["Only editors may do that."]
    link.refresh_from_db()
    assert link.revoked_at is None


def test_revoking_without_the_csrf_token_is_refused(editor, shared):
    article, link = shared
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(f"{ARTICLES}{article.pk}/preview-links/{link.pk}/revoke/")
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


def test_an_archived_article_goes_back_to_draft_with_its_own_button(editor_client):
    article = ArticleFactory(title="Old brief", status=Article.Status.ARCHIVED)
    html = editor_client.get(change_url(article)).content.decode()
    assert 'name="_unpublish" value="Back to draft"' in html
    assert "_archive" not in buttons(html)
    press(editor_client, article, "_unpublish")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_contributor_sees_their_live_article_state_but_no_buttons(staff_client, staff_user):
    article = ArticleFactory(authors=[staff_user.person])
    html = staff_client.get(change_url(article)).content.decode()
    assert 'status-badge--live">Live</span>' in html
    assert buttons(html) == []
