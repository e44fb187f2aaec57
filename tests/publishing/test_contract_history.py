"""The publishing contract, third part: nothing is lost, and every act is on record.

For every publishable model: a revision restores an earlier version, the trash gives an
item back with its relations and its doors, and every workflow act writes its audit
event, by the user who did it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from publishing import doors, workflow
from revisions.models import Revision, TrashedItem
from tests.helpers.publishables import contract, make_in_state, places, seen_through

pytestmark = pytest.mark.django_db

MODELS = [pytest.param(model, id=model._meta.label) for model in doors.models()]
Action = AuditEvent.Action


def latest_event(item):
    return AuditEvent.objects.for_object(item).order_by("-pk").first()


@pytest.mark.parametrize("model", MODELS)
def test_a_revision_restores_the_content_and_leaves_the_state(client, editor, model):
    item = contract(model).make()
    field = contract(model).text_field
    original = getattr(item, field)
    workflow.save(item, editor)
    first = Revision.objects.for_object(item).first()
    setattr(item, field, f"{original} (rewritten)")
    workflow.save(item, editor)

    outcome = workflow.restore_revision(item, first, editor)

    item.refresh_from_db()
    assert getattr(item, field) == original and item.is_live
    assert outcome.tags  # readers' pages showing it are retired
    assert latest_event(item).action == Action.RESTORE_REVISION
    assert Revision.objects.for_object(item).count() == 3
    assert "(rewritten)" not in client.get(item.get_absolute_url()).content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_the_trash_restores_an_item_with_its_relations_and_doors(client, editor, model):
    item = contract(model).make()
    pk, relations, doors_of_item = item.pk, contract(model).relations(item), places(item)
    workflow.trash(item, editor)
    assert not model.objects.filter(pk=pk).exists()
    trashed = TrashedItem.objects.get(object_id=str(pk))

    restored = workflow.restore_from_trash(trashed, editor).item

    assert (type(restored), restored.pk) == (model, pk)
    assert contract(model).relations(restored) == relations
    assert [event.action for event in AuditEvent.objects.for_object(restored)] == [
        Action.RESTORE_FROM_TRASH,
        Action.TRASH,
    ]
    assert seen_through(client, doors_of_item) == list(doors_of_item)


def _in(days):
    return timezone.now() + timedelta(days=days)


# act: (the state it starts from, the call, the audit action it writes)
ACTS = {
    "submit": ("draft", lambda item, user: workflow.submit(item, user), Action.SUBMIT),
    "send_back": (
        "in_review",
        lambda item, user: workflow.send_back(item, user, "Shorter, please."),
        Action.SEND_BACK,
    ),
    "publish": ("draft", lambda item, user: workflow.publish(item, user), Action.PUBLISH),
    "schedule": (
        "draft",
        lambda item, user: workflow.schedule(item, user, _in(2)),
        Action.SCHEDULE,
    ),
    "set_expiry": (
        "live",
        lambda item, user: workflow.set_expiry(item, user, _in(2)),
        Action.EXPIRY,
    ),
    "unpublish": ("live", lambda item, user: workflow.unpublish(item, user), Action.UNPUBLISH),
    "archive": ("live", lambda item, user: workflow.archive(item, user), Action.ARCHIVE),
    "trash": ("live", lambda item, user: workflow.trash(item, user), Action.TRASH),
    "preview_link": (
        "draft",
        lambda item, user: workflow.create_preview_link(
            item, user, note="Co-author", expires_at=_in(7)
        ),
        Action.PREVIEW_LINK,
    ),
}


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("model", MODELS)
def test_every_workflow_act_writes_its_audit_event(editor, model, act):
    state, call, action = ACTS[act]
    item = make_in_state(model, state)
    pk = item.pk
    call(item, editor)
    event = AuditEvent.objects.filter(object_id=str(pk)).order_by("-pk").first()
    assert (event.action, event.user, event.object_repr) == (action, editor, str(item))


@pytest.mark.parametrize("model", MODELS)
def test_work_done_by_a_command_is_audited_as_the_system_user(model):
    item = make_in_state(model, "draft")
    workflow.publish(item, workflow.system_user())
    assert latest_event(item).user == workflow.system_user()
