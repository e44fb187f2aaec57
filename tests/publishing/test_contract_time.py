"""The publishing contract, second part: items come and go exactly on time.

A scheduled item appears through every door at its publish time and not a second
before; an item with an expiry leaves every door at that moment. One reader's client
asks each time, so a page the cache kept from before must not outlive the moment.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from publishing import doors
from tests.helpers.publishables import contract, places, seen_through

pytestmark = pytest.mark.django_db

DUE = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
MODELS = [pytest.param(model, id=model._meta.label) for model in doors.models()]


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.mark.parametrize("model", MODELS)
def test_a_scheduled_item_appears_through_every_door_at_its_publish_time(client, model):
    with at(DUE - timedelta(hours=1)):
        doors_of_item = places(contract(model).make(published_at=DUE))
    with at(DUE - SECOND):
        assert seen_through(client, doors_of_item) == []
    with at(DUE):
        assert seen_through(client, doors_of_item) == list(doors_of_item)


@pytest.mark.parametrize("model", MODELS)
def test_an_item_leaves_every_door_at_its_expiry(client, model):
    with at(DUE - timedelta(hours=1)):
        doors_of_item = places(contract(model).make(expires_at=DUE))
    with at(DUE - SECOND):
        assert seen_through(client, doors_of_item) == list(doors_of_item)
    with at(DUE):
        assert seen_through(client, doors_of_item) == []
