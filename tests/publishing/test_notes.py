"""Editorial notes: one thread per item, added and resolved with the form, admin only, and
left alone when an earlier version is restored or the item comes back from the trash."""

import pytest

from articles.models import Article
from publishing import workflow
from publishing.models import EditorialNote
from revisions.models import Revision, TrashedItem
from tests.helpers.admin import ARTICLES
from tests.helpers.factories import ArticleFactory
from tests.helpers.forms import form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"{ARTICLES}{article.pk}/change/"


def save_form(client, article, **changes):
    data = form_data(client.get(change_url(article)), **changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def notes(article):
    return list(EditorialNote.objects.for_item(article))


def test_an_editor_adds_a_note_with_the_form(editor_client, editor):
    article = ArticleFactory(draft=True)

    save_form(editor_client, article, **{"notes-0-text": "Check the casualty figures."})

    [note] = notes(article)
    assert (note.text, note.author, note.is_resolved) == (
        "Check the casualty figures.",
        editor,
        False,
    )
    page = editor_client.get(change_url(article)).content.decode()
    assert "Check the casualty figures." in page
    assert 'name="notes-0-resolved"' in page
    assert 'name="notes-1-text"' in page  # a box for the next note


def test_notes_form_one_thread_oldest_first(editor_client):
    article = ArticleFactory(draft=True)
    other = ArticleFactory(draft=True)
    save_form(editor_client, article, **{"notes-0-text": "First."})
    save_form(editor_client, article, **{"notes-1-text": "Second."})
    save_form(editor_client, other, **{"notes-0-text": "Elsewhere."})

    assert [note.text for note in notes(article)] == ["First.", "Second."]
    page = editor_client.get(change_url(article)).content.decode()
    assert page.index("First.") < page.index("Second.")
    assert "Elsewhere." not in page


def test_resolving_and_reopening_a_note(editor_client, editor):
    article = ArticleFactory(draft=True)
    save_form(editor_client, article, **{"notes-0-text": "Add a map."})

    save_form(editor_client, article, **{"notes-0-resolved": "on"})
    [note] = notes(article)
    assert note.is_resolved and note.resolved_by == editor
    assert "resolved by" in editor_client.get(change_url(article)).content.decode()

    save_form(editor_client, article, **{"notes-0-resolved": None})
    [note] = notes(article)
    assert not note.is_resolved and note.resolved_by is None


def test_what_was_said_cannot_be_rewritten(editor_client):
    article = ArticleFactory(draft=True)
    save_form(editor_client, article, **{"notes-0-text": "Original."})

    save_form(editor_client, article, **{"notes-0-text": "Forged."})

    assert [note.text for note in notes(article)] == ["Original."]


def test_a_contributor_discusses_their_own_draft(staff_client, staff_user):
    article = ArticleFactory(draft=True, authors=[staff_user.person])

    save_form(staff_client, article, **{"notes-0-text": "Done: figures checked."})

    assert [note.author for note in notes(article)] == [staff_user]


def test_on_a_read_only_form_notes_are_shown_without_boxes(staff_client, staff_user):
    article = ArticleFactory(authors=[staff_user.person])  # published: read-only for staff
    EditorialNote.objects.create(item=article, text="Well done.")

    page = staff_client.get(change_url(article)).content.decode()

    assert "Well done." in page
    assert 'name="notes-0-resolved"' not in page
    assert 'name="notes-1-text"' not in page


def test_notes_never_reach_readers(client, editor_client):
    article = ArticleFactory(slug="live-one")
    EditorialNote.objects.create(item=article, text="Internal: legal said no.")

    assert "legal said no" not in client.get("/articles/live-one/").content.decode()
    preview = editor_client.get(f"{ARTICLES}{article.pk}/preview/")
    assert "legal said no" not in preview.content.decode()


def test_restoring_an_earlier_version_leaves_the_notes_as_they_are(editor_client):
    article = ArticleFactory(draft=True, title="First title")
    save_form(editor_client, article, title="First title")
    first = Revision.objects.for_object(article).latest("pk")
    save_form(editor_client, article, title="Second title", **{"notes-0-text": "Why rename?"})
    save_form(editor_client, article, **{"notes-0-resolved": "on"})

    response = editor_client.post(
        f"{change_url(article).removesuffix('change/')}history/{first.pk}/restore/"
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "First title"
    [note] = notes(article)
    assert note.text == "Why rename?" and note.is_resolved


def test_notes_come_back_with_an_item_restored_from_the_trash(editor):
    article = ArticleFactory(draft=True)
    EditorialNote.objects.create(item=article, text="Keep me.")

    workflow.trash(article, editor)
    workflow.restore_from_trash(TrashedItem.objects.get(), editor)

    assert [note.text for note in notes(Article.objects.get())] == ["Keep me."]


def test_deleting_for_good_takes_the_notes_with_it(editor):
    article = ArticleFactory(draft=True)
    kept = ArticleFactory(draft=True)
    EditorialNote.objects.create(item=article, text="Goes.")
    EditorialNote.objects.create(item=kept, text="Stays.")

    workflow.trash(article, editor)
    TrashedItem.objects.get().delete_permanently(editor)

    assert [note.text for note in EditorialNote.objects.all()] == ["Stays."]
