"""Events on the admin home's desk: listed, counted and checked like every publishable."""

import pytest

from tests.helpers.factories import EventFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_an_event_without_a_topic_needs_attention_on_the_desk(editor_client):
    EventFactory(title="Panel with no topic", summary="")
    EventFactory(title="Panel on a topic", topics=[TopicFactory()])
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    attention = next(p for p in response.context["desk"] if p.desk_list.key == "attention")
    reasons = {item.obj.title: item.reasons for item in attention.items}
    assert "no topic" in reasons["Panel with no topic"]
    assert "no summary" in reasons["Panel with no topic"]
    assert "Panel on a topic" not in reasons
