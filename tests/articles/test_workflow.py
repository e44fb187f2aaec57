"""Publishing without fear: contributors, review, scheduling, previews, corrections."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleAutosave, Correction
from audit.models import AuditEvent
from publishing.models import PreviewLink
from seo.metadata import iso_datetime
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import ArticleFactory, PersonFactory
from tests.helpers.forms import form_data, management_form

pytestmark = pytest.mark.django_db


def actions(article):
    return [event.action for event in AuditEvent.objects.for_object(article).order_by("pk")]


class TestContributors:
    def test_staff_write_a_draft_that_is_theirs_and_submit_it(self, staff_client, staff_user):
        response = staff_client.post(f"{ARTICLES}add/", article_form(_submit="Submit for review"))
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.status == Article.Status.IN_REVIEW
        assert article.byline_people == [staff_user.person]
        assert actions(article) == [AuditEvent.Action.SUBMIT]

    def test_the_publish_button_is_refused_on_the_server(self, staff_client):
        # The button is not on their form; a forged press saves the draft and says why not.
        response = staff_client.post(
            f"{ARTICLES}add/", article_form(_publish="Publish now", status="published")
        )
        assert response.status_code == 302
        article = Article.objects.get()
        assert (article.status, article.published_at) == (Article.Status.DRAFT, None)
        assert actions(article) == []
        page = staff_client.get(response["Location"]).content.decode()
        assert "Your changes were saved, but only editors may publish." in page
        assert 'name="_publish"' not in page

    def test_staff_list_shows_only_their_own_drafts(self, staff_client, staff_user):
        mine = ArticleFactory(title="Mine", draft=True, authors=[staff_user.person])
        ArticleFactory(title="Someone else's", draft=True)
        response = staff_client.get(ARTICLES)
        assert list(response.context["cl"].result_list) == [mine]

    def test_staff_cannot_edit_their_article_once_published(self, staff_client, staff_user):
        article = ArticleFactory(title="Live", authors=[staff_user.person])
        page = staff_client.get(f"{ARTICLES}{article.pk}/change/")
        assert page.status_code == 200 and "adminform" in page.context  # read-only view
        response = staff_client.post(
            f"{ARTICLES}{article.pk}/change/", article_form(title="Changed", _unpublish="Unpublish")
        )
        assert response.status_code == 403
        article.refresh_from_db()
        assert (article.title, article.status) == ("Live", Article.Status.PUBLISHED)

    def test_staff_without_a_profile_cannot_add_articles(self, client, db):
        from tests.helpers.factories import UserFactory

        client.force_login(UserFactory(is_staff=True, groups=["Staff"]))
        assert client.get(f"{ARTICLES}add/").status_code == 403


class TestEditors:
    def test_editor_publishes_a_submitted_article_and_it_is_audited(self, editor_client):
        article = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)
        data = form_data(editor_client.get(f"{ARTICLES}{article.pk}/change/"), _publish="Publish")
        assert editor_client.post(f"{ARTICLES}{article.pk}/change/", data).status_code == 302
        article.refresh_from_db()
        assert article.is_live
        assert actions(article) == [AuditEvent.Action.PUBLISH]

    def test_a_scheduled_article_goes_live_exactly_when_due_with_nothing_to_press(
        self, editor_client
    ):
        # The picker takes minutes.
        due = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=3)
        article = ArticleFactory(slug="due", draft=True)
        data = form_data(
            editor_client.get(f"{ARTICLES}{article.pk}/change/"),
            _schedule="Schedule",
            go_live_at=timezone.localtime(due).strftime("%Y-%m-%dT%H:%M"),
        )
        editor_client.post(f"{ARTICLES}{article.pk}/change/", data)
        listing = editor_client.get(ARTICLES).content.decode()
        assert re.search(r"Scheduled for \d+ \w+ \d{4}, \d\d:\d\d \(in (2|3)\s+hours", listing)
        assert actions(Article.objects.get()) == [AuditEvent.Action.SCHEDULE]

        reader = Client()
        with time_machine.travel(due - timedelta(seconds=1)):
            assert reader.get("/articles/due/").status_code == 404
            assert "/articles/due/" not in reader.get("/feeds/articles.rss").content.decode()
        with time_machine.travel(due + timedelta(seconds=1)):
            assert reader.get("/articles/due/").status_code == 200
            assert "/articles/due/" in reader.get("/feeds/articles.rss").content.decode()

    @pytest.mark.parametrize(
        ("action", "status", "event"),
        [
            ("unpublish", Article.Status.DRAFT, AuditEvent.Action.UNPUBLISH),
            ("archive", Article.Status.ARCHIVED, AuditEvent.Action.ARCHIVE),
        ],
    )
    def test_unpublishing_or_archiving_takes_effect_at_once(
        self, editor_client, action, status, event
    ):
        article = ArticleFactory(slug="gone")
        reader = Client()
        assert reader.get("/articles/gone/").status_code == 200  # now cached
        editor_client.post(
            ARTICLES, {"action": action, "_selected_action": [article.pk], "index": "0"}
        )
        article.refresh_from_db()
        assert article.status == status
        assert reader.get("/articles/gone/").status_code == 404
        assert actions(article) == [event]


class TestPreview:
    def test_an_editor_previews_a_draft_on_the_public_template(self, editor_client):
        article = ArticleFactory(title="Unfinished analysis", draft=True)
        response = editor_client.get(f"{ARTICLES}{article.pk}/preview/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Preview — not published." in html
        assert "Unfinished analysis" in html and "Current state: Draft" in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_a_contributor_previews_only_their_own_work(self, staff_client, staff_user):
        mine = ArticleFactory(draft=True, authors=[staff_user.person])
        other = ArticleFactory(draft=True)
        assert staff_client.get(f"{ARTICLES}{mine.pk}/preview/").status_code == 200
        assert staff_client.get(f"{ARTICLES}{other.pk}/preview/").status_code == 404

    def test_readers_cannot_open_the_admin_preview(self, client):
        article = ArticleFactory(draft=True)
        assert client.get(f"{ARTICLES}{article.pk}/preview/").status_code == 302


def create_link(editor_client, article, note="Co-author", **fields):
    page = editor_client.get(f"{ARTICLES}{article.pk}/change/")
    data = (
        form_data(page)
        | management_form("preview_links", 1)
        | {
            "preview_links-0-note": note,
            "preview_links-0-expires_at_0": fields.get("date", ""),
            "preview_links-0-expires_at_1": fields.get("time", ""),
        }
    )
    if not fields:
        expires = timezone.localtime(timezone.now() + timedelta(days=7))
        data["preview_links-0-expires_at_0"] = expires.strftime("%Y-%m-%d")
        data["preview_links-0-expires_at_1"] = expires.strftime("%H:%M:%S")
    response = editor_client.post(f"{ARTICLES}{article.pk}/change/", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    return PreviewLink.objects.for_item(article).get(note=note)


class TestPreviewLinks:
    @pytest.fixture
    def draft(self):
        author = PersonFactory()
        ArticleFactory(title="Another secret draft", draft=True, authors=[author])
        return ArticleFactory(
            title="Embargoed report", slug="embargoed", draft=True, authors=[author]
        )

    def test_an_outside_reviewer_sees_exactly_that_draft(self, editor_client, draft):
        link = create_link(editor_client, draft)
        reviewer = Client()
        response = reviewer.get(link.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "Embargoed report" in html and "Preview — not published." in html
        assert "Another secret draft" not in html
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]
        assert reviewer.get("/articles/embargoed/").status_code == 404
        assert AuditEvent.Action.PREVIEW_LINK in actions(draft)

    def test_the_link_shows_the_current_draft(self, editor_client, draft):
        link = create_link(editor_client, draft)
        Article.objects.filter(pk=draft.pk).update(title="Retitled report")
        assert "Retitled report" in Client().get(link.get_absolute_url()).content.decode()

    def test_an_expired_link_answers_410_with_a_clear_message(self, editor_client, draft):
        link = create_link(editor_client, draft)
        with time_machine.travel(link.expires_at + timedelta(minutes=1)):
            response = Client().get(link.get_absolute_url())
        assert response.status_code == 410
        assert "has expired" in response.content.decode()
        assert "Embargoed report" not in response.content.decode()

    def test_a_revoked_link_stops_working_at_once(self, editor_client, draft):
        link = create_link(editor_client, draft)
        page = editor_client.get(f"{ARTICLES}{draft.pk}/change/")
        # The Revoke button sends the change form to the link's own address.
        editor_client.post(f"{ARTICLES}{draft.pk}/preview-links/{link.pk}/revoke/", form_data(page))
        response = Client().get(link.get_absolute_url())
        assert response.status_code == 410
        assert "was withdrawn" in response.content.decode()
        assert AuditEvent.Action.REVOKE_PREVIEW_LINK in actions(draft)

    def test_a_tampered_or_guessed_token_is_a_404(self, editor_client, draft):
        link = create_link(editor_client, draft)
        other = ArticleFactory(draft=True)
        forged = link.token.replace(f"{link.pk}:", f"{other.pk}:", 1)
        assert Client().get(f"/preview/{forged}/").status_code == 404
        assert Client().get("/preview/1/").status_code == 404

    def test_a_link_cannot_be_made_already_expired(self, editor_client, draft):
        page = editor_client.get(f"{ARTICLES}{draft.pk}/change/")
        data = (
            form_data(page)
            | management_form("preview_links", 1)
            | {
                "preview_links-0-note": "Press",
                "preview_links-0-expires_at_0": "2020-01-01",
                "preview_links-0-expires_at_1": "09:00:00",
            }
        )
        response = editor_client.post(f"{ARTICLES}{draft.pk}/change/", data)
        assert response.status_code == 200
        assert not PreviewLink.objects.exists()


class TestCorrections:
    def test_a_correction_shows_at_the_end_and_moves_the_modified_time(self, editor_client, client):
        article = ArticleFactory(slug="corrected")
        before = client.get("/feeds/articles.atom").content.decode()
        page = editor_client.get(f"{ARTICLES}{article.pk}/change/")
        data = (
            form_data(page)
            | management_form("corrections", 1)
            | {
                "corrections-0-date": "2025-07-20",
                "corrections-0-text": "An earlier version misstated the date of the visit.",
            }
        )
        assert editor_client.post(f"{ARTICLES}{article.pk}/change/", data).status_code == 302
        html = client.get("/articles/corrected/").content.decode()
        assert "Correction, <time" in html and "20 July 2025" in html
        assert "misstated the date" in html
        article.refresh_from_db()
        assert article.corrected_at is not None
        assert f'"dateModified": "{iso_datetime(article.corrected_at)}"' in html
        assert client.get("/feeds/articles.atom").content.decode() != before

    def test_a_silent_typo_fix_leaves_the_public_modified_time_alone(self, editor_client, client):
        article = ArticleFactory(slug="typo")
        page = editor_client.get(f"{ARTICLES}{article.pk}/change/")
        editor_client.post(f"{ARTICLES}{article.pk}/change/", form_data(page, title="Fixed typo"))
        article.refresh_from_db()
        assert article.updated_at > article.published_at
        html = client.get("/articles/typo/").content.decode()
        assert "Fixed typo" in html
        assert f'"dateModified": "{iso_datetime(article.published_at)}"' in html
        assert not Correction.objects.exists()


class TestConcurrentEditing:
    def test_the_second_save_is_refused_with_a_link_to_the_first_persons_changes(
        self, editor_client, client
    ):
        from tests.helpers.factories import UserFactory

        article = ArticleFactory(title="Original title")
        colleague = UserFactory(
            username="amina",
            first_name="Amina",
            last_name="Rahman",
            is_staff=True,
            groups=["Editors"],
        )
        other = Client()
        other.force_login(colleague)
        mine = form_data(editor_client.get(f"{ARTICLES}{article.pk}/change/"), title="My title")
        theirs = form_data(other.get(f"{ARTICLES}{article.pk}/change/"), title="Their title")
        assert other.post(f"{ARTICLES}{article.pk}/change/", theirs).status_code == 302

        response = editor_client.post(f"{ARTICLES}{article.pk}/change/", mine)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Amina Rahman saved this article at" in html
        assert f'href="/admin/articles/article/{article.pk}/history/"' in html
        assert 'value="My title"' in html  # the refused changes are still in the form
        article.refresh_from_db()
        assert article.title == "Their title"

    def test_reopening_after_a_conflict_saves_normally(self, editor_client):
        article = ArticleFactory()
        Article.objects.filter(pk=article.pk).update(title="Changed elsewhere")
        data = form_data(editor_client.get(f"{ARTICLES}{article.pk}/change/"), title="Mine now")
        assert editor_client.post(f"{ARTICLES}{article.pk}/change/", data).status_code == 302

    def test_the_form_says_who_else_has_it_open(self, editor_client):
        from tests.helpers.factories import UserFactory

        article = ArticleFactory()
        colleague = Client()
        colleague.force_login(
            UserFactory(
                username="farid",
                first_name="Farid",
                last_name="Qasim",
                is_staff=True,
                groups=["Editors"],
            )
        )
        colleague.get(f"{ARTICLES}{article.pk}/change/")
        html = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()
        assert "Also editing this article in the last 30 minutes: Farid Qasim" in html

    @pytest.mark.parametrize(
        ("whose", "expected"),
        [("someone else's draft", 302), ("their own published article", 200)],
    )
    def test_a_contributor_who_may_not_edit_the_article_is_not_named_as_editing_it(
        self, editor_client, staff_user, whose, expected
    ):
        authors = [staff_user.person] if whose.startswith("their own") else [PersonFactory()]
        article = ArticleFactory(
            authors=authors, draft=whose.endswith("draft"), title="Under embargo"
        )
        contributor = Client()
        contributor.force_login(staff_user)
        # Someone else's draft: not in their list, so the admin sends them away; their own
        # published one: read-only, since only editors change it once live.
        assert contributor.get(f"{ARTICLES}{article.pk}/change/").status_code == expected
        html = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()
        assert "Also editing" not in html and "staffer" not in html


class TestAutosave:
    def autosave(self, client, article, **changes):
        page = client.get(f"{ARTICLES}{article.pk}/change/")
        return client.post(f"{ARTICLES}{article.pk}/autosave/", form_data(page, **changes))

    def test_unsaved_changes_are_kept_without_touching_the_article(self, editor_client):
        from django.contrib.admin.models import LogEntry

        article = ArticleFactory(title="Saved title")
        before = article.updated_at
        response = self.autosave(editor_client, article, title="Half-written title")
        assert response.status_code == 200
        assert "Unsaved changes kept at" in response.json()["message"]
        article.refresh_from_db()
        assert (article.title, article.updated_at) == ("Saved title", before)
        assert not LogEntry.objects.exists()  # the history records saves only
        assert ArticleAutosave.objects.get().data["title"] == ["Half-written title"]

    def test_reopening_the_form_offers_the_copy_and_restores_it(self, editor_client):
        article = ArticleFactory(title="Saved title")
        self.autosave(editor_client, article, title="Half-written title")
        page = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()
        assert "You have unsaved changes to this form from" in page
        assert 'href="?restore_autosave=1"' in page
        restored = editor_client.get(f"{ARTICLES}{article.pk}/change/?restore_autosave=1")
        assert 'value="Half-written title"' in restored.content.decode()

    def test_saving_discards_the_copy(self, editor_client):
        article = ArticleFactory()
        self.autosave(editor_client, article, title="Draft words")
        data = form_data(editor_client.get(f"{ARTICLES}{article.pk}/change/"), title="Final")
        assert editor_client.post(f"{ARTICLES}{article.pk}/change/", data).status_code == 302
        assert not ArticleAutosave.objects.exists()
        page = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()
        assert "unsaved changes" not in page

    def test_a_new_article_form_is_kept_too(self, editor_client):
        response = editor_client.post(f"{ARTICLES}autosave/", article_form(title="A new piece"))
        assert response.status_code == 200
        page = editor_client.get(f"{ARTICLES}add/").content.decode()
        assert "You have unsaved changes to this form" in page
        restored = editor_client.get(f"{ARTICLES}add/?restore_autosave=1").content.decode()
        assert 'value="A new piece"' in restored
        assert not Article.objects.exists()

    def test_a_copy_is_only_offered_to_its_author(self, editor_client):
        from tests.helpers.factories import UserFactory

        article = ArticleFactory()
        self.autosave(editor_client, article, title="Mine")
        other = Client()
        other.force_login(UserFactory(is_staff=True, groups=["Editors"]))
        assert (
            "unsaved changes" not in other.get(f"{ARTICLES}{article.pk}/change/").content.decode()
        )

    def test_no_one_autosaves_an_article_they_cannot_change(self, staff_client):
        article = ArticleFactory()
        response = staff_client.post(f"{ARTICLES}{article.pk}/autosave/", {"title": "x"})
        assert response.status_code == 403
        assert staff_client.get(f"{ARTICLES}{article.pk}/autosave/").status_code in (403, 405)
        assert not ArticleAutosave.objects.exists()

    def test_an_expired_session_is_sent_to_log_in_and_nothing_is_kept(self, client):
        article = ArticleFactory()
        response = client.post(f"{ARTICLES}{article.pk}/autosave/", {"title": "x"})
        assert response.status_code == 302
        assert not ArticleAutosave.objects.exists()

    def test_autosave_needs_the_csrf_token(self, editor):
        article = ArticleFactory()
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        assert client.post(f"{ARTICLES}{article.pk}/autosave/", {"title": "x"}).status_code == 403
