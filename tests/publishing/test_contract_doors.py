"""The publishing contract, first part: no hidden item is seen through any public door.

The cases come from the door registry (publishing/doors.py): every door of every
publishable model, in every hidden state. A new door, or a new model, is covered by
declaring it; a new URL pattern that is neither a door nor declared no content fails.
"""

import pytest

from publishing import doors
from tests.helpers.publishables import HIDDEN_STATES, contract, hide, places, seen_through
from thinktank.doors import NOT_CONTENT, stale_declarations, undeclared_patterns

pytestmark = pytest.mark.django_db

MODELS = [pytest.param(model, id=model._meta.label) for model in doors.models()]


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("model", MODELS)
def test_a_hidden_item_is_seen_through_no_door(client, model, state):
    """One item, every door: seen at each while live, then at none once hidden.

    Seeing it first proves each door's check can see it at all, and leaves the page in
    the page cache, which hiding it must retire. (One test per state, not per door: a
    door costs two requests, a new item costs as much as ten.)
    """
    item = contract(model).make()
    doors_of_item = places(item)
    unseen = set(doors_of_item) - set(seen_through(client, doors_of_item))
    assert not unseen, f"the live item is not seen through these doors: {sorted(unseen)}"
    hide(item, state)
    leaks = seen_through(client, doors_of_item)
    assert not leaks, f"the {state} {model._meta.verbose_name} is seen through: {leaks}"


def test_every_public_url_pattern_is_a_door_or_declared_no_content(serving_media):
    undeclared = [str(pattern) for pattern in undeclared_patterns()]
    assert not undeclared, (
        f"URL patterns in no model's doors and not in thinktank/doors.py NOT_CONTENT: "
        f"{undeclared}. Declare each as a door of the models it shows "
        "(e.g. articles/doors.py), or as no content door, with the reason; name unnamed ones."
    )


def test_every_declared_door_and_exception_names_a_url_pattern(serving_media):
    assert not stale_declarations(), "declared, but no URL pattern has these names any longer"


def test_every_exception_says_why():
    assert all(reason.strip() for reason in NOT_CONTENT.values())


def test_every_publishable_model_declared_doors():
    from django.apps import apps

    from publishing.models import Publishable

    publishable = {model for model in apps.get_models() if issubclass(model, Publishable)}
    assert publishable == set(doors.models())
