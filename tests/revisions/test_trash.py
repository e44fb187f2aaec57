"""Deleting moves articles and profiles to the trash; editors restore them or delete for good."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleAuthor, SeriesEntry
from audit.models import AuditEvent
from people.models import Person, PersonLink
from revisions.models import Revision, TrashedItem
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    SeriesFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
    image_file,
    pdf_file,
)

from .conftest import ARTICLES, PEOPLE, TRASH, admin_url, edit

pytestmark = pytest.mark.django_db


def trash(client, obj):
    response = client.post(admin_url(obj, "delete"), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    return response


def item_for(obj):
    return TrashedItem.objects.get(object_id=str(obj.pk), content_type__model=obj._meta.model_name)


def run_action(client, url, action, objs, **extra):
    return client.post(
        url,
        {"action": action, "index": "0", ACTION_CHECKBOX_NAME: [o.pk for o in objs], **extra},
        follow=True,
    )


def messages_in(response):
    return " ".join(str(message) for message in response.context["messages"])


def stored(settings):
    """Every stored file's name, in the media and the private (report PDF) storages."""
    roots = [settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT]
    return {
        p.relative_to(root).as_posix() for root in roots for p in root.rglob("*") if p.is_file()
    }


@pytest.fixture
def article(editor):
    """A published article with everything a restore must bring back."""
    lead, second = PersonFactory(name="Amina Rahman"), PersonFactory(name="Bilal Khan")
    article = ArticleFactory(
        title="Pakistan and Libya",
        slug="pakistan-libya",
        authors=[lead, second],
        topics=[TopicFactory(name="Defence"), TopicFactory(name="Arms trade")],
        regions=[RegionFactory(name="North Africa")],
    )
    SeriesFactory(title="Arms and allies", articles=[article])
    Revision.objects.snapshot(article, editor, "Created")
    return article


# Moving to the trash ------------------------------------------------------------------


def test_deleting_an_article_moves_it_to_the_trash(editor_client, editor, reader, article):
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert "Pakistan and Libya" in reader.get("/articles/").content.decode()

    page = editor_client.get(admin_url(article, "delete")).content.decode()
    assert "move the article “Pakistan and Libya” to the trash" in page
    response = trash(editor_client, article)

    assert "moved to the trash" in messages_in(response)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert "Pakistan and Libya" not in reader.get("/articles/").content.decode()
    assert "Pakistan and Libya" not in reader.get("/search/?q=libya").content.decode()

    item = item_for(article)
    assert (item.object_repr, item.deleted_by) == ("Pakistan and Libya", editor)
    listing = editor_client.get(TRASH)
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [item]
    event = AuditEvent.objects.get(action=AuditEvent.Action.TRASH)
    assert (event.user, event.object_repr, event.object_id) == (
        editor,
        "Pakistan and Libya",
        str(article.pk),
    )
    # History survives the trash.
    assert Revision.objects.filter(object_id=str(article.pk)).count() == 1


def test_the_trash_page_of_an_item_shows_its_contents_and_a_restore_button(editor_client, article):
    trash(editor_client, article)
    item = item_for(article)
    response = editor_client.get(f"{TRASH}{item.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amina Rahman, Bilal Khan" in html
    assert "Arms trade, Defence" in html
    assert f'action="{TRASH}{item.pk}/restore/"' in html
    assert "1 revision" in html


def test_bulk_delete_moves_every_selected_article_to_the_trash(editor_client, article):
    other = ArticleFactory(title="Sahel outlook")
    assert "Move selected articles to the trash" in editor_client.get(ARTICLES).content.decode()
    confirmation = run_action(editor_client, ARTICLES, "delete_selected", [article, other])
    html = confirmation.content.decode()
    assert "Are you sure you want to move the selected articles to the trash?" in html
    assert Article.objects.count() == 2

    response = run_action(editor_client, ARTICLES, "delete_selected", [article, other], post="yes")
    assert "2 articles moved to the trash" in messages_in(response)
    assert not Article.objects.exists()
    assert TrashedItem.objects.count() == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TRASH).count() == 2


def test_uploaded_files_stay_while_an_article_is_in_the_trash(editor_client, settings, commit):
    article = ArticleFactory(
        hero_image=image_file(), hero_alt="A port", kind=Article.Kind.REPORT, pdf=pdf_file()
    )
    files = stored(settings)
    assert article.hero_image.name in files and article.pdf.name in files
    with commit():
        trash(editor_client, article)
    assert stored(settings) == files


# Restoring from the trash ---------------------------------------------------------------


def test_restoring_brings_the_article_back_whole_and_public(editor_client, editor, reader, article):
    created_at = article.created_at
    trash(editor_client, article)
    assert "Pakistan and Libya" not in reader.get("/articles/").content.decode()  # cached

    item = item_for(article)
    response = run_action(editor_client, TRASH, "restore_selected", [item])

    assert "Restored: " in messages_in(response)
    restored = Article.objects.get(pk=article.pk)
    assert (restored.title, restored.slug, restored.status) == (
        "Pakistan and Libya",
        "pakistan-libya",
        Article.Status.PUBLISHED,
    )
    assert restored.created_at == created_at
    assert [p.name for p in restored.byline_people] == ["Amina Rahman", "Bilal Khan"]
    assert sorted(t.name for t in restored.topics.all()) == ["Arms trade", "Defence"]
    assert [r.name for r in restored.regions.all()] == ["North Africa"]
    assert SeriesEntry.objects.get(article=restored).series.title == "Arms and allies"
    assert not TrashedItem.objects.exists()

    assert reader.get(restored.get_absolute_url()).status_code == 200
    assert "Pakistan and Libya" in reader.get("/articles/").content.decode()
    assert "Pakistan and Libya" in reader.get("/search/?q=libya").content.decode()

    event = AuditEvent.objects.get(action=AuditEvent.Action.RESTORE_FROM_TRASH)
    assert (event.user, event.object_id) == (editor, str(article.pk))
    history = list(Revision.objects.for_object(restored))
    assert [r.description for r in history] == ["Restored from the trash", "Created"]


def test_the_restore_button_restores_one_item_and_opens_it(editor_client, article):
    trash(editor_client, article)
    item = item_for(article)
    url = f"{TRASH}{item.pk}/restore/"
    assert editor_client.get(url).status_code == 405  # a GET changes nothing
    assert not Article.objects.exists()

    response = editor_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == admin_url(article)
    assert Article.objects.filter(pk=article.pk).exists()


def test_an_article_whose_address_was_reused_stays_in_the_trash_with_a_clear_message(
    editor_client, article
):
    trash(editor_client, article)
    ArticleFactory(slug="pakistan-libya", title="A newer article")
    item = item_for(article)

    response = run_action(editor_client, TRASH, "restore_selected", [item])

    assert response.status_code == 200
    message = messages_in(response)
    assert "“Pakistan and Libya” was not restored" in message
    assert "“A newer article” now uses the slug “pakistan-libya”" in message
    assert TrashedItem.objects.filter(pk=item.pk).exists()
    assert Article.objects.get(slug="pakistan-libya").title == "A newer article"
    assert not ArticleAuthor.objects.exists()

    response = editor_client.post(f"{TRASH}{item.pk}/restore/", follow=True)
    assert response.status_code == 200
    assert "was not restored" in messages_in(response)


def test_restoring_an_article_whose_author_is_gone_says_so(editor_client, article):
    trash(editor_client, article)
    second = Person.objects.get(name="Bilal Khan")
    trash(editor_client, second)  # no longer on a live byline, so it may go

    response = run_action(editor_client, TRASH, "restore_selected", [item_for(article)])
    restored = Article.objects.get(pk=article.pk)
    assert [p.name for p in restored.byline_people] == ["Amina Rahman"]
    assert "“Bilal Khan”" in messages_in(response)


def test_restoring_an_article_and_its_author_together_brings_back_the_whole_byline(
    editor_client, article
):
    trash(editor_client, article)
    second = Person.objects.get(name="Bilal Khan")
    trash(editor_client, second)
    items = [item_for(article), item_for(second)]

    run_action(editor_client, TRASH, "restore_selected", items)

    restored = Article.objects.get(pk=article.pk)
    assert [p.name for p in restored.byline_people] == ["Amina Rahman", "Bilal Khan"]


def test_a_restored_article_keeps_its_history_and_can_be_edited_again(editor_client, article):
    trash(editor_client, article)
    run_action(editor_client, TRASH, "restore_selected", [item_for(article)])
    restored = Article.objects.get(pk=article.pk)
    edit(editor_client, restored, title="Edited after restoring")
    history = editor_client.get(admin_url(restored, "history")).content.decode()
    assert "Restored from the trash" in history
    assert "Created" in history


# Deleting permanently ----------------------------------------------------------------


def test_permanent_delete_removes_the_item_its_revisions_and_files_and_is_audited(
    editor_client, editor, settings, commit
):
    article = ArticleFactory(
        title="Report with files",
        hero_image=image_file(),
        hero_alt="A port",
        kind=Article.Kind.REPORT,
        pdf=pdf_file(),
    )
    first_image = article.hero_image.name
    Revision.objects.snapshot(article, editor, "Created")
    edit(editor_client, article, hero_image=image_file("new.jpg"), hero_alt="A new port")
    assert article.hero_image.name != first_image
    assert first_image in stored(settings)  # an earlier revision still shows it
    unrelated = ArticleFactory(hero_image=image_file(), hero_alt="Other")
    with commit():
        trash(editor_client, article)
    item = item_for(article)

    confirmation = editor_client.get(f"{TRASH}{item.pk}/delete/").content.decode()
    assert "Delete “Report with files” permanently?" in confirmation
    assert "its 2 revisions" in confirmation
    with commit():
        response = editor_client.post(f"{TRASH}{item.pk}/delete/", {"post": "yes"}, follow=True)

    assert "deleted permanently" in messages_in(response)
    assert not TrashedItem.objects.exists()
    assert not Revision.objects.filter(object_id=str(article.pk), content_type__model="article")
    unrelated.refresh_from_db()
    unrelated_files = {
        unrelated.hero_image.name,
        *(
            name
            for entries in unrelated.hero_image_renditions["sizes"].values()
            for entry in entries
            for key, name in entry.items()
            if key not in ("w", "h", "bytes")
        ),
    }
    assert stored(settings) == unrelated_files
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE_PERMANENTLY)
    assert (event.user, event.object_repr, event.object_id) == (
        editor,
        "Report with files",
        str(article.pk),
    )
    assert event.detail == "With its 2 revisions."


def test_permanent_delete_keeps_files_that_another_article_uses(editor_client, settings, commit):
    article = ArticleFactory(hero_image=image_file(), hero_alt="Shared")
    sharing = ArticleFactory(hero_alt="Shared")
    Article.objects.filter(pk=sharing.pk).update(hero_image=article.hero_image.name)
    with commit():
        trash(editor_client, article)
        editor_client.post(f"{TRASH}{item_for(article).pk}/delete/", {"post": "yes"})
    assert article.hero_image.name in stored(settings)


def test_bulk_permanent_delete_asks_first(editor_client, article):
    other = ArticleFactory(title="Sahel outlook")
    trash(editor_client, article)
    trash(editor_client, other)
    items = list(TrashedItem.objects.all())

    confirmation = run_action(editor_client, TRASH, "delete_selected", items)
    assert "Delete these 2 items permanently?" in confirmation.content.decode()
    assert TrashedItem.objects.count() == 2

    response = run_action(editor_client, TRASH, "delete_selected", items, post="yes")
    assert "2 items deleted permanently" in messages_in(response)
    assert not TrashedItem.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE_PERMANENTLY).count() == 2


# People ----------------------------------------------------------------------------------


def test_deleting_a_person_who_authors_articles_says_where_and_deletes_nothing(editor_client):
    author = PersonFactory(name="Amina Rahman")
    first = ArticleFactory(title="Pakistan and Libya", authors=[author])
    ArticleFactory(title="Sahel outlook", authors=[PersonFactory(), author])
    UpdateFactory(author=author, body="Our fellow testified.")

    response = editor_client.get(admin_url(author, "delete"))
    html = response.content.decode()
    assert "“Amina Rahman” is still in use, so it cannot be moved to the trash" in html
    assert "Author of 2 articles:" in html
    assert f'<a href="{admin_url(first)}">Pakistan and Libya</a>' in html
    assert "Take them off these bylines first." in html
    assert "Author of 1 update:" in html
    assert 'name="post"' not in html

    editor_client.post(admin_url(author, "delete"), {"post": "yes"})
    assert Person.objects.filter(pk=author.pk).exists()
    assert ArticleAuthor.objects.filter(person=author).count() == 2
    assert not TrashedItem.objects.exists()
    assert not AuditEvent.objects.exists()


def test_bulk_deleting_an_author_says_where_they_are_used_and_deletes_nothing(editor_client):
    author = PersonFactory(name="Amina Rahman")
    ArticleFactory(title="Pakistan and Libya", authors=[author])
    free = PersonFactory(name="Not an author")
    response = run_action(editor_client, PEOPLE, "delete_selected", [author, free], post="yes")
    html = response.content.decode()
    assert "Author of 1 article:" in html
    assert "Pakistan and Libya" in html
    assert Person.objects.count() == 2
    assert not TrashedItem.objects.exists()


def test_a_person_comes_back_from_the_trash_with_links_expertise_and_login(editor_client):
    account = UserFactory(username="amina")
    person = PersonFactory(name="Amina Rahman", user=account)
    topic = TopicFactory(name="Arms control")
    person.expertise.add(topic)
    PersonLink.objects.create(person=person, label="Site", url="https://example.org", order=1)

    trash(editor_client, person)
    assert not PersonLink.objects.exists()
    account.refresh_from_db()
    assert not hasattr(account, "person")

    run_action(editor_client, TRASH, "restore_selected", [item_for(person)])
    restored = Person.objects.get(pk=person.pk)
    assert restored.user == account
    assert list(restored.expertise.all()) == [topic]
    assert [(link.label, link.url) for link in restored.links.all()] == [
        ("Site", "https://example.org")
    ]


def test_a_restored_person_whose_login_now_has_another_profile_comes_back_without_it(
    editor_client,
):
    account = UserFactory(username="amina")
    person = PersonFactory(name="Amina Rahman", user=account)
    trash(editor_client, person)
    PersonFactory(name="New profile", user=account)

    response = run_action(editor_client, TRASH, "restore_selected", [item_for(person)])
    assert Person.objects.get(pk=person.pk).user is None
    assert "“amina”" in messages_in(response)


def test_the_trash_list_needs_a_bounded_number_of_queries(
    editor_client, editor, django_assert_max_num_queries
):
    def fill(count):
        for _ in range(count):
            TrashedItem.objects.trash(ArticleFactory(authors=[PersonFactory()]), editor)
            TrashedItem.objects.trash(PersonFactory(), UserFactory())

    fill(2)
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(TRASH).status_code == 200
    fill(15)
    with django_assert_max_num_queries(len(few)):
        response = editor_client.get(TRASH)
    assert response.context["cl"].result_count == 34


# Who may use the trash ---------------------------------------------------------------------


def test_staff_cannot_open_or_use_the_trash(staff_client, editor, article):
    item = TrashedItem.objects.trash(article, editor)
    assert staff_client.get(TRASH).status_code == 403
    assert staff_client.get(f"{TRASH}{item.pk}/change/").status_code == 403
    assert staff_client.post(f"{TRASH}{item.pk}/restore/").status_code == 403
    assert staff_client.post(f"{TRASH}{item.pk}/delete/", {"post": "yes"}).status_code == 403
    response = staff_client.post(
        TRASH, {"action": "restore_selected", "index": "0", ACTION_CHECKBOX_NAME: [item.pk]}
    )
    assert response.status_code == 403
    assert TrashedItem.objects.filter(pk=item.pk).exists()
    assert not Article.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, editor, article):
    item = TrashedItem.objects.trash(article, editor)
    for url in (TRASH, f"{TRASH}{item.pk}/change/", f"{TRASH}{item.pk}/restore/"):
        assert client.get(url)["Location"].startswith("/admin/login/")
    assert client.post(f"{TRASH}{item.pk}/restore/")["Location"].startswith("/admin/login/")
    assert TrashedItem.objects.filter(pk=item.pk).exists()


def test_editors_may_restore_and_delete_but_nobody_edits_an_item(editor_client, editor, article):
    item = TrashedItem.objects.trash(article, editor)
    assert editor.has_perm("revisions.restore_trasheditem")
    assert editor.has_perm("revisions.delete_trasheditem")
    response = editor_client.get(f"{TRASH}{item.pk}/change/")
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert editor_client.get(f"{TRASH}add/").status_code == 403
    response = editor_client.post(f"{TRASH}{item.pk}/change/", {"object_repr": "Renamed"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.object_repr == "Pakistan and Libya"


def test_the_trash_restores_only_with_permission_to_add_that_kind_of_item(client, editor, article):
    """A user with the trash's permissions but not the articles' cannot bring one back."""
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="revisions",
            codename__in=["view_trasheditem", "restore_trasheditem"],
        )
    )
    item = TrashedItem.objects.trash(article, editor)
    browser = Client()
    browser.force_login(clerk)
    assert browser.get(TRASH).status_code == 200
    assert browser.post(f"{TRASH}{item.pk}/restore/").status_code == 403
    response = run_action(browser, TRASH, "restore_selected", [item])
    assert "may not restore" in messages_in(response)
    assert not Article.objects.exists()


def test_corrections_and_images_in_the_text_come_back_with_a_restored_article(
    editor_client, reader, article
):
    from articles.models import ArticleImage, Correction
    from tests.helpers.factories import image_file

    correction = Correction.objects.create(article=article, text="The date was wrong.")
    picture = ArticleImage.objects.create(article=article, image=image_file(), alt="A port")
    created = (correction.created_at, picture.created_at)
    trash(editor_client, article)
    assert not Correction.objects.exists() and not ArticleImage.objects.exists()

    run_action(editor_client, TRASH, "restore_selected", [item_for(article)])

    restored = Correction.objects.get(pk=correction.pk)
    image = ArticleImage.objects.get(pk=picture.pk)
    assert (restored.text, image.alt, image.image.name) == (
        "The date was wrong.",
        "A port",
        picture.image.name,
    )
    assert (restored.created_at, image.created_at) == created
    assert "The date was wrong." in reader.get(article.get_absolute_url()).content.decode()


def test_an_item_over_todays_rich_text_limits_stays_in_the_trash_with_a_message(
    editor_client, article
):
    """Items trashed before the limits existed may hold text the site no longer accepts."""
    trash(editor_client, article)
    item = item_for(article)
    item.data["fields"]["body"] = "<div>" * 50 + "Deep" + "</div>" * 50
    item.save()

    response = editor_client.post(f"{TRASH}{item.pk}/restore/", follow=True)

    assert response.status_code == 200
    message = messages_in(response)
    assert "“Pakistan and Libya” was not restored. This text is nested more than" in message
    assert TrashedItem.objects.filter(pk=item.pk).exists()
    assert not Article.objects.exists()
