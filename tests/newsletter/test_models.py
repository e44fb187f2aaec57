"""Who counts as a subscriber: confirmed, and not unsubscribed since."""

import pytest
from django.db import IntegrityError

from newsletter.models import Subscriber
from tests.helpers.factories import SubscriberFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_only_confirmed_subscribers_who_have_not_left_count():
    confirmed = SubscriberFactory()
    pending = SubscriberFactory(pending=True)
    left = SubscriberFactory(unsubscribed=True)
    left_before_confirming = SubscriberFactory(pending=True, unsubscribed=True)

    assert list(Subscriber.objects.confirmed()) == [confirmed]
    assert list(Subscriber.objects.pending()) == [pending]
    assert set(Subscriber.objects.unsubscribed()) == {left, left_before_confirming}
    assert [s.status for s in (confirmed, pending, left)] == [
        Subscriber.Status.CONFIRMED,
        Subscriber.Status.PENDING,
        Subscriber.Status.UNSUBSCRIBED,
    ]


def test_addresses_are_stored_in_lower_case_and_only_once():
    subscriber = SubscriberFactory(email="  Reader@Example.ORG ")
    assert subscriber.email == "reader@example.org"
    with pytest.raises(IntegrityError):
        SubscriberFactory(email="READER@example.org")


def test_interested_in_a_topic_means_chose_it_or_chose_nothing():
    defence, energy = TopicFactory(), TopicFactory()
    chose_defence = SubscriberFactory(topics=[defence])
    chose_both = SubscriberFactory(topics=[defence, energy])
    SubscriberFactory(topics=[energy])
    everything = SubscriberFactory()
    SubscriberFactory(pending=True, topics=[defence])

    assert set(Subscriber.objects.interested_in(defence)) == {chose_defence, chose_both, everything}


def test_confirming_again_after_leaving_starts_a_new_subscription():
    topic = TopicFactory()
    subscriber = SubscriberFactory(unsubscribed=True)
    left_at = subscriber.unsubscribed_at
    subscriber.confirm([topic])
    assert subscriber in Subscriber.objects.confirmed()
    assert subscriber.confirmed_at > left_at
    assert list(subscriber.topics.all()) == [topic]
