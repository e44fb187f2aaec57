"""The audit log: editors read it in the admin; nobody edits or deletes it."""

import pytest

from audit.models import AuditEvent, record
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_event_names_who_did_what_to_which_item(editor):
    article = ArticleFactory(title="Gulf security")
    event = record(editor, AuditEvent.Action.PUBLISH, article, "from the list")
    assert (event.user, event.object_repr, event.detail) == (
        editor,
        "Gulf security",
        "from the list",
    )
    assert list(AuditEvent.objects.for_object(article)) == [event]


def test_the_record_outlives_the_item(editor):
    article = ArticleFactory(title="Gone")
    record(editor, AuditEvent.Action.DELETE_PERMANENTLY, article)
    article.delete()
    assert AuditEvent.objects.get().object_repr == "Gone"


def test_editors_read_the_log_but_cannot_change_or_delete_it(editor_client, editor):
    event = record(editor, AuditEvent.Action.PUBLISH, ArticleFactory(title="Listed"))
    listing = editor_client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200
    assert "Listed" in listing.content.decode()
    assert editor_client.get("/admin/audit/auditevent/add/").status_code == 403
    assert (
        editor_client.post(
            f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.exists()


def test_staff_cannot_read_the_log(staff_client):
    assert staff_client.get("/admin/audit/auditevent/").status_code == 403
