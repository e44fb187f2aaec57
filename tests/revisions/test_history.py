"""Every save keeps a revision; editors see the history, compare versions and restore one."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from audit.models import AuditEvent
from revisions.models import Revision
from taxonomy.models import Topic
from tests.helpers.admin import article_form
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UserFactory,
)
from tests.helpers.forms import management_form

from .conftest import (
    ARTICLES,
    PEOPLE,
    admin_url,
    compare_url,
    edit,
    history_url,
    restore_url,
)

pytestmark = pytest.mark.django_db


def revisions_of(obj):
    return list(Revision.objects.for_object(obj))


def messages_in(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def article(editor):
    """An article added and published in the admin, then edited: three revisions by the
    editor (created, published, changed).

    Made with a browser of its own, so tests stay free to log `client` in as anyone.
    """
    editor_client = Client()
    editor_client.force_login(editor)
    lead, second = PersonFactory(name="Amina Rahman"), PersonFactory(name="Bilal Khan")
    topic = TopicFactory(name="Maritime security")
    region = RegionFactory(name="Gulf")
    response = editor_client.post(
        f"{ARTICLES}add/",
        article_form(
            title="Gulf shipping under threat",
            slug="gulf-shipping",
            summary="Insurers are pulling out.",
            body="<h2>Background</h2><p>Tankers were attacked.</p><p>Rates rose.</p>",
            topics=[topic.pk],
            regions=[region.pk],
            _publish="Publish now",
            **management_form("bylines", 2),
            **{"bylines-0-person": str(lead.pk), "bylines-0-order": "0"},
            **{"bylines-1-person": str(second.pk), "bylines-1-order": "1"},
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="gulf-shipping")
    other_topic = TopicFactory(name="Insurance")
    edit(
        editor_client,
        article,
        title="Gulf shipping: insurers retreat",
        body="<h2>Background</h2><p>Tankers were attacked again.</p><p>Rates rose.</p>",
        topics=[other_topic.pk],
        **{"bylines-1-DELETE": "on"},
    )
    return article


# Saving keeps revisions ------------------------------------------------------------


def test_each_save_in_the_admin_keeps_a_revision_with_who_and_when(article, editor):
    latest, _published, first = revisions_of(article)
    assert (first.user, latest.user) == (editor, editor)
    assert first.created_at <= latest.created_at <= timezone.now()
    assert first.description == "Created"
    assert latest.description.startswith("Changed")
    assert first.data["fields"]["title"] == "Gulf shipping under threat"
    assert latest.data["fields"]["title"] == "Gulf shipping: insurers retreat"


def test_a_revision_holds_the_byline_topics_and_regions_as_saved(article):
    latest, _published, first = revisions_of(article)
    assert [a["name"] for a in first.data["authors"]] == ["Amina Rahman", "Bilal Khan"]
    assert [a["name"] for a in latest.data["authors"]] == ["Amina Rahman"]
    assert [t["name"] for t in first.data["topics"]] == ["Maritime security"]
    assert [t["name"] for t in latest.data["topics"]] == ["Insurance"]
    assert [r["name"] for r in latest.data["regions"]] == ["Gulf"]
    # Derived data stays out: renditions are remade from the image.
    assert "hero_image_renditions" not in latest.data["fields"]


def test_saving_without_changes_keeps_no_new_revision(editor_client, article):
    edit(editor_client, article)
    assert len(revisions_of(article)) == 3


def test_the_first_change_to_an_older_article_keeps_it_as_it_was(editor_client):
    article = ArticleFactory(title="Written before revisions")
    edit(editor_client, article, title="Edited since")
    latest, original = revisions_of(article)
    assert original.user is None
    assert original.data["fields"]["title"] == "Written before revisions"
    assert latest.data["fields"]["title"] == "Edited since"


def test_a_list_action_keeps_a_revision_of_what_it_changed(editor_client, editor, article):
    untouched = ArticleFactory(draft=True)
    editor_client.post(
        ARTICLES,
        {"action": "unpublish", "index": "0", ACTION_CHECKBOX_NAME: [article.pk, untouched.pk]},
    )
    latest = revisions_of(article)[0]
    assert latest.description == "Unpublished"
    assert (latest.user, latest.data["fields"]["status"]) == (editor, "draft")
    # An article with no history yet gets its first revision.
    assert [r.data["fields"]["status"] for r in revisions_of(untouched)] == ["draft"]


def test_code_outside_the_admin_keeps_revisions_through_the_manager(editor):
    article = ArticleFactory()
    revision = Revision.objects.snapshot(article, editor, "Imported from Word")
    assert revision.description == "Imported from Word"
    assert Revision.objects.snapshot(article, editor, "Imported again") is None  # unchanged


# The history page --------------------------------------------------------------------


def test_the_history_page_lists_every_revision_with_compare_and_restore(editor_client, article):
    response = editor_client.get(history_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    latest, published, first = revisions_of(article)
    for revision in (latest, first):
        assert f'name="a" value="{revision.pk}"' in html
        assert f'name="b" value="{revision.pk}"' in html
        assert restore_url(article, revision) in html
    assert "Created" in html
    assert "editor" in html
    assert 'value="current"' in html
    assert f'action="{history_url(article)}compare/"' in html
    assert 'method="get"' in html
    # Defaults: the latest save against the one before.
    assert (
        f'name="a" value="{published.pk}" aria-label="Compare from revision {published.pk}" '
        "checked" in html
    )


def test_the_history_page_needs_a_bounded_number_of_queries(
    editor_client, article, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(history_url(article)).status_code == 200
    editors = [UserFactory(username=f"editor-{n}") for n in range(30)]
    for n, user in enumerate(editors):
        article.title = f"Title {n}"
        article.save()
        Revision.objects.snapshot(article, user, f"Save {n}")
    with django_assert_max_num_queries(len(few)):
        response = editor_client.get(history_url(article))
    assert len(response.context["rows"]) == 33


# Comparing -------------------------------------------------------------------------


def test_compare_marks_changes_to_title_body_authors_and_topics(editor_client, article):
    latest, published, _first = revisions_of(article)
    response = editor_client.get(compare_url(article, published.pk, latest.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gulf shipping<del> under threat</del>" in html
    assert "Gulf shipping<ins>: insurers retreat</ins>" in html
    assert "Tankers were attacked<ins> again</ins>." in html
    assert "<del>Bilal Khan</del>" in html
    assert "<del>Maritime security</del>" in html
    assert "<ins>Insurance</ins>" in html
    # Unchanged content is shown, not marked.
    assert "Amina Rahman" in html
    assert "<del>Amina Rahman</del>" not in html
    assert "Changed: Title, Body, Authors, Topics." in html


def test_compare_puts_the_older_version_on_the_left_whichever_way_it_is_asked(
    editor_client, article
):
    latest, _published, first = revisions_of(article)
    response = editor_client.get(compare_url(article, latest.pk, first.pk))
    assert response.context["left"].revision == first
    assert response.context["right"].revision == latest


def test_compare_against_the_current_version(editor_client, article):
    first = revisions_of(article)[-1]
    response = editor_client.get(compare_url(article, first.pk, "current"))
    html = response.content.decode()
    assert response.context["right"].revision is None
    assert "Current version" in html
    assert "<ins>: insurers retreat</ins>" in html


def test_compare_shows_a_change_of_publishing_state(editor_client, article):
    _latest, published, _first = revisions_of(article)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    html = editor_client.get(compare_url(article, published.pk)).content.decode()
    assert "<del>Published</del>" in html
    assert "<ins>Draft</ins>" in html


def test_compare_escapes_hostile_text(editor_client):
    article = ArticleFactory(title="Harmless")
    edit(
        editor_client,
        article,
        title="<script>alert('title')</script>",
        summary='<img src=x onerror="alert(1)">',
        body="<p>Write &lt;script&gt;alert(2)&lt;/script&gt; to test.</p>",
    )
    original = revisions_of(article)[-1]
    response = editor_client.get(compare_url(article, original.pk))
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


@pytest.mark.parametrize("choice", ["abc", "¹", "-1", "99999999", "1e3", "", "9" * 40])
def test_compare_with_a_bad_version_is_not_found(editor_client, article, choice):
    assert editor_client.get(compare_url(article, choice)).status_code == 404


def test_compare_with_another_articles_revision_is_not_found(editor_client, article):
    other = ArticleFactory()
    foreign = Revision.objects.snapshot(other, None, "Saved")
    assert editor_client.get(compare_url(article, foreign.pk)).status_code == 404
    assert editor_client.get(restore_url(article, foreign)).status_code == 404


# Restoring ---------------------------------------------------------------------------


def test_restore_brings_back_the_old_version_and_keeps_a_new_revision(
    editor_client, editor, article
):
    first = revisions_of(article)[-1]
    response = editor_client.post(restore_url(article, first), follow=True)
    assert response.redirect_chain[-1][0] == admin_url(article)
    article.refresh_from_db()
    assert article.title == "Gulf shipping under threat"
    assert "Tankers were attacked.</p>" in article.body
    assert [p.name for p in article.byline_people] == ["Amina Rahman", "Bilal Khan"]
    assert [t.name for t in article.topics.all()] == ["Maritime security"]

    restored = revisions_of(article)[0]
    assert len(revisions_of(article)) == 4
    assert restored.user == editor
    assert restored.description.startswith(f"Restored revision #{first.pk} from ")
    assert restored.description.endswith("by editor")
    assert restored.data["fields"]["title"] == "Gulf shipping under threat"

    event = AuditEvent.objects.for_object(article).get(action=AuditEvent.Action.RESTORE_REVISION)
    assert (event.action, event.user) == (AuditEvent.Action.RESTORE_REVISION, editor)
    assert f"revision #{first.pk}" in event.detail
    assert any("Restored revision" in m for m in messages_in(response))


def test_a_restore_can_itself_be_undone(editor_client, article):
    latest, _published, first = revisions_of(article)
    editor_client.post(restore_url(article, first))
    editor_client.post(restore_url(article, latest))
    article.refresh_from_db()
    assert article.title == "Gulf shipping: insurers retreat"
    assert [t.name for t in article.topics.all()] == ["Insurance"]


def test_get_on_the_restore_url_asks_first_and_changes_nothing(editor_client, article):
    first = revisions_of(article)[-1]
    response = editor_client.get(restore_url(article, first))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Yes, restore this version" in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert "<ins> under threat</ins>" in html  # what restoring would bring back
    article.refresh_from_db()
    assert article.title == "Gulf shipping: insurers retreat"
    assert len(revisions_of(article)) == 3
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RESTORE_REVISION).exists()


def test_restore_leaves_the_publishing_state_alone(editor_client, article):
    first = revisions_of(article)[-1]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT, featured=True)
    editor_client.post(restore_url(article, first))
    article.refresh_from_db()
    assert article.title == "Gulf shipping under threat"
    assert (article.status, article.featured) == (Article.Status.DRAFT, True)


def test_restore_skips_topics_and_people_that_no_longer_exist_and_says_so(editor_client, article):
    first = revisions_of(article)[-1]
    Article.topics.through.objects.all().delete()
    Topic.objects.filter(name="Maritime security").delete()
    second_author = article.authors.model.objects.get(name="Bilal Khan")
    second_author.delete()  # no longer on any byline, so nothing protects them

    response = editor_client.post(restore_url(article, first), follow=True)
    article.refresh_from_db()
    assert article.title == "Gulf shipping under threat"
    assert [p.name for p in article.byline_people] == ["Amina Rahman"]
    assert list(article.topics.all()) == []
    warnings = " ".join(messages_in(response))
    assert "“Bilal Khan”" in warnings
    assert "“Maritime security”" in warnings


def test_restore_keeps_the_current_address_if_another_article_took_the_old_one(
    editor_client, article
):
    first = revisions_of(article)[-1]
    # A live article's address changes only with the box ticked (redirects/address_admin.py).
    edit(editor_client, article, slug="gulf-shipping-2024", confirm_new_address="on")
    ArticleFactory(slug="gulf-shipping", title="Someone else")
    response = editor_client.post(restore_url(article, first), follow=True)
    article.refresh_from_db()
    assert article.slug == "gulf-shipping-2024"
    assert article.title == "Gulf shipping under threat"
    assert any("“Someone else”" in m for m in messages_in(response))


def test_a_restored_article_reaches_readers_at_once(editor_client, reader, article):
    first = revisions_of(article)[-1]
    assert "insurers retreat" in reader.get(article.get_absolute_url()).content.decode()
    assert "insurers retreat" in reader.get("/articles/").content.decode()
    editor_client.post(restore_url(article, first))
    for url in (article.get_absolute_url(), "/articles/"):
        html = reader.get(url).content.decode()
        assert "Gulf shipping under threat" in html
        assert "insurers retreat" not in html


# People -------------------------------------------------------------------------------


def test_editors_restore_a_profile_with_its_links_and_expertise(editor_client):
    topic = TopicFactory(name="Arms control")
    person = PersonFactory(name="Amina Rahman", short_bio="Before.")
    person.expertise.add(topic)
    person.links.create(label="Site", url="https://old.example", order=0)
    edit(
        editor_client,
        person,
        short_bio="After.",
        expertise=[],
        **{"links-0-url": "https://new.example"},
    )
    original = revisions_of(person)[-1]
    editor_client.post(restore_url(person, original))
    person.refresh_from_db()
    assert person.short_bio == "Before."
    assert list(person.expertise.all()) == [topic]
    assert [link.url for link in person.links.all()] == ["https://old.example"]


def test_staff_restore_their_own_profile_but_not_what_only_editors_change(
    staff_client, staff_user, editor
):
    person = staff_user.person
    edit(staff_client, person, short_bio="My first bio.")
    mine = revisions_of(person)[0]
    # An editor then changes the bio, the address and the directory order.
    person.short_bio, person.slug, person.sort_order = "Edited.", "renamed", 5
    person.save()
    Revision.objects.snapshot(person, editor, "Saved")

    response = staff_client.get(history_url(person))
    assert response.status_code == 200
    assert restore_url(person, mine) in response.content.decode()
    confirmation = staff_client.get(restore_url(person, mine)).content.decode()
    assert "Only what you may edit yourself is restored" in confirmation

    staff_client.post(restore_url(person, mine))
    person.refresh_from_db()
    assert person.short_bio == "My first bio."
    assert (person.slug, person.sort_order) == ("renamed", 5)
    assert person.user == staff_user


# Who may do what ----------------------------------------------------------------------


def test_staff_cannot_see_compare_or_restore_article_history(staff_client, article):
    first = revisions_of(article)[-1]
    # Contributors reach only their own articles: anyone else's is "no such item".
    for url in (history_url(article), compare_url(article, first.pk), restore_url(article, first)):
        assert staff_client.get(url).status_code == 302, url
    assert staff_client.post(restore_url(article, first)).status_code == 302
    article.refresh_from_db()
    assert article.title == "Gulf shipping: insurers retreat"


def test_staff_cannot_see_or_restore_someone_elses_profile_history(staff_client):
    other = PersonFactory(short_bio="Original.")
    revision = Revision.objects.snapshot(other, None, "Saved")
    other.short_bio = "Changed."
    other.save()
    for url in (history_url(other), compare_url(other, revision.pk), restore_url(other, revision)):
        response = staff_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/"
    assert staff_client.post(restore_url(other, revision)).status_code == 302
    other.refresh_from_db()
    assert other.short_bio == "Changed."


def test_anonymous_visitors_are_sent_to_log_in(client, article):
    first = revisions_of(article)[-1]
    for url in (history_url(article), compare_url(article, first.pk), restore_url(article, first)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert client.post(restore_url(article, first)).status_code == 302
    article.refresh_from_db()
    assert article.title == "Gulf shipping: insurers retreat"


def test_restoring_needs_the_csrf_token(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    first = revisions_of(article)[-1]
    assert client.post(restore_url(article, first)).status_code == 403
    article.refresh_from_db()
    assert article.title == "Gulf shipping: insurers retreat"


def test_the_history_link_on_the_change_page_leads_to_the_revisions(editor_client, article):
    html = editor_client.get(admin_url(article)).content.decode()
    assert re.search(rf'href="{history_url(article)}[^"]*" class="historylink"', html)


def test_history_of_a_missing_object_redirects_like_the_admin(editor_client):
    response = editor_client.get(f"{PEOPLE}999999/history/compare/")
    assert response.status_code == 302


def test_an_old_revision_without_newer_fields_restores_what_it_has(editor_client, article):
    first = revisions_of(article)[-1]
    del first.data["fields"]["summary"]  # as if the field were added after the revision
    first.save()
    article.summary = "Kept."
    article.save()
    editor_client.post(restore_url(article, first))
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Gulf shipping under threat", "Kept.")


def test_revisions_outlive_the_user_who_saved_them(editor_client, article, editor):
    editor.delete()
    assert all(revision.user is None for revision in revisions_of(article))
    assert len(revisions_of(article)) == 3


def test_future_publish_dates_survive_a_restore(editor_client, article):
    first = revisions_of(article)[-1]
    later = timezone.now() + timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(published_at=later)
    editor_client.post(restore_url(article, first))
    article.refresh_from_db()
    assert article.published_at == later


def test_the_new_pages_need_no_inline_styles_or_scripts(editor_client, article):
    """The site's CSP refuses inline styles and scripts without a nonce."""
    first = revisions_of(article)[-1]
    for url in (history_url(article), compare_url(article, first.pk), restore_url(article, first)):
        response = editor_client.get(url)
        assert "Content-Security-Policy" in response
        main = response.content.decode().split('id="content-main"')[1]
        assert "style=" not in main
        assert "<script" not in main
        assert "/static/revisions/revisions.css" in response.content.decode()


def test_the_history_page_restores_in_one_click(editor_client, article):
    """Each "Restore this version" button submits its own POST form to the restore URL."""
    first = revisions_of(article)[-1]
    html = editor_client.get(history_url(article)).content.decode()
    form = re.search(rf'<form id="restore-{first.pk}" method="post" action="([^"]+)">', html)
    assert form and form.group(1) == restore_url(article, first)
    assert f'<button type="submit" form="restore-{first.pk}"' in html
    assert (
        'name="csrfmiddlewaretoken"'
        in html.split(f'id="restore-{first.pk}"')[1].split("</form>")[0]
    )
    editor_client.post(form.group(1))
    article.refresh_from_db()
    assert article.title == "Gulf shipping under threat"


def test_a_version_over_todays_rich_text_limits_is_refused_with_a_message(
    editor_client, article, settings
):
    """Versions kept before the limits existed may hold text the site no longer accepts."""
    first = revisions_of(article)[-1]
    first.data["fields"]["body"] = "<div>" * 50 + "Deep" + "</div>" * 50
    first.save()

    response = editor_client.post(restore_url(article, first), follow=True)

    assert response.status_code == 200
    message = " ".join(messages_in(response))
    assert "That version could not be restored: This text is nested more than" in message
    assert "Nothing was changed." in message
    article.refresh_from_db()
    assert article.title == "Gulf shipping: insurers retreat"
    assert len(revisions_of(article)) == 3
