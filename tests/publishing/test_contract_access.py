"""The publishing contract, fourth part: who sees an unpublished item, and who publishes.

For every publishable model: a preview link shows the draft until it expires or is
revoked, and a contributor (staff without the publish permission) cannot publish their
own work by any door: the admin form, the admin list's actions, or the workflow itself.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from publishing import doors, workflow
from tests.helpers.admin import run_action
from tests.helpers.forms import form_data
from tests.helpers.publishables import contract, make_in_state

pytestmark = pytest.mark.django_db

MODELS = [pytest.param(model, id=model._meta.label) for model in doors.models()]
SECOND = timedelta(seconds=1)


def shows(link, item):
    """What an outsider holding `link` gets: (status, whether the item's title is there)."""
    response = Client().get(link.get_absolute_url())
    return response.status_code, str(item) in response.content.decode()


# Preview links ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_a_preview_link_shows_the_draft_until_it_expires(editor, model):
    item = make_in_state(model, "draft")
    until = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    link = workflow.create_preview_link(item, editor, note="Co-author", expires_at=until).item
    assert shows(link, item) == (200, True)
    with time_machine.travel(until - SECOND, tick=False):
        assert shows(link, item) == (200, True)
    with time_machine.travel(until + SECOND, tick=False):
        assert shows(link, item) == (410, False)
    assert Client().get(item.get_absolute_url()).status_code == 404  # still a draft


@pytest.mark.parametrize("model", MODELS)
def test_a_revoked_preview_link_stops_working_at_once(editor, model):
    item = make_in_state(model, "draft")
    expires_at = timezone.now() + timedelta(days=7)
    link = workflow.create_preview_link(item, editor, note="Press", expires_at=expires_at).item
    assert shows(link, item) == (200, True)
    workflow.revoke_preview_link(link, editor)
    assert shows(link, item) == (410, False)
    actions = AuditEvent.objects.for_object(item).values_list("action", flat=True)
    assert AuditEvent.Action.REVOKE_PREVIEW_LINK in actions


# A contributor cannot publish --------------------------------------------------------------


@pytest.fixture
def contributor_client(client, staff_user):
    client.force_login(staff_user)
    return client


def own_item(model, user, state):
    """`user`'s own item; for a model contributors have none of (events), any item."""
    authored_by = contract(model).authored_by
    return make_in_state(model, state, **(authored_by(user) if authored_by else {}))


def state_of(item):
    item.refresh_from_db()
    return item.status, item.published_at, item.expires_at


@pytest.mark.parametrize("model", MODELS)
def test_a_contributor_cannot_publish_through_the_admin_form(contributor_client, staff_user, model):
    item = own_item(model, staff_user, "draft")
    change = f"{contract(model).admin_url}{item.pk}/change/"
    page = contributor_client.get(change)
    before = state_of(item)
    if contract(model).authored_by is None:
        assert page.status_code == 403  # only editors edit this model
        data = {"title": "Taken over", "_publish": "Publish now", "status": "published"}
    else:
        assert page.status_code == 200  # their own draft: they may edit it
        # The publish button is not on their form: a forged press, and a forged state field.
        assert 'name="_publish"' not in page.content.decode()
        data = form_data(page, _publish="Publish now", status="published")
    response = contributor_client.post(change, data)
    # The form refuses, the change is forbidden, or the draft is saved and the move refused.
    assert response.status_code in (200, 302, 403)
    assert state_of(item) == before
    assert not AuditEvent.objects.for_object(item).exists()


@pytest.mark.parametrize(
    ("action", "state"), [("publish", "draft"), ("archive", "draft"), ("unpublish", "live")]
)
@pytest.mark.parametrize("model", MODELS)
def test_a_contributor_cannot_move_their_work_by_a_list_action(
    contributor_client, staff_user, model, action, state
):
    item = own_item(model, staff_user, state)
    before = state_of(item)
    run_action(contributor_client, action, [item], url=contract(model).admin_url)
    assert state_of(item) == before
    assert not AuditEvent.objects.for_object(item).exists()


def _in(days):
    return timezone.now() + timedelta(days=days)


CALLS = {
    "publish": ("draft", lambda item, user: workflow.publish(item, user)),
    "publish at": ("draft", lambda item, user: workflow.publish(item, user, at=_in(1))),
    "schedule": ("draft", lambda item, user: workflow.schedule(item, user, _in(1))),
    "unpublish": ("live", lambda item, user: workflow.unpublish(item, user)),
    "archive": ("draft", lambda item, user: workflow.archive(item, user)),
    "set_expiry": ("live", lambda item, user: workflow.set_expiry(item, user, _in(1))),
    "save as published": ("draft", lambda item, user: _save_as_published(item, user)),
}


def _save_as_published(item, user):
    item.status = item.Status.PUBLISHED
    return workflow.save(item, user)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("model", MODELS)
def test_a_contributor_cannot_publish_by_a_workflow_call(staff_user, model, call):
    state, move = CALLS[call]
    item = own_item(model, staff_user, state)
    before = state_of(item)
    with pytest.raises(PermissionDenied):
        move(item, staff_user)
    assert state_of(item) == before
    assert not AuditEvent.objects.for_object(item).exists()
