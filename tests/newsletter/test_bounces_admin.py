"""Editors see delivery problems in the subscriber list, mark an address as bounced by hand
and say when sending works again; readers' own links keep working whatever bounced."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.utils import timezone

from newsletter.models import Subscriber
from tests.helpers.factories import SubscriberFactory

from .conftest import links

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/newsletter/subscriber/"


def run_action(client, action, subscribers):
    """Tick `subscribers` in the list, choose `action` and press Go."""
    return client.post(
        SUBSCRIBERS,
        {"action": action, "index": "0", ACTION_CHECKBOX_NAME: [s.pk for s in subscribers]},
        follow=True,
    )


def shown(response):
    return [s.email for s in response.context["cl"].result_list]


class TestMarkAsBounced:
    def test_stops_sending_and_says_so_in_the_list_and_the_history(self, editor_client, editor):
        gone, fine = SubscriberFactory(email="gone@example.org"), SubscriberFactory()
        response = run_action(editor_client, "mark_bounced", [gone])
        assert response.status_code == 200
        assert "1 subscriber marked as bounced" in response.content.decode()
        gone.refresh_from_db()
        assert gone.bounced_at is not None
        assert gone.delivery_problem == "Bounced: marked by hand by editor"
        assert list(Subscriber.objects.deliverable()) == [fine]
        entry = LogEntry.objects.get(object_id=str(gone.pk))
        assert (entry.user, entry.action_flag) == (editor, CHANGE)
        assert "Marked as bounced" in entry.get_change_message()
        assert "Bounced: marked by hand by editor" in response.content.decode()

    def test_an_address_marked_before_keeps_its_date_and_reason(self, editor_client):
        earlier = timezone.now() - timedelta(days=3)
        gone = SubscriberFactory(bounced_at=earlier, delivery_problem="Bounced (5.1.1): gone")
        response = run_action(editor_client, "mark_bounced", [gone])
        assert "0 subscribers marked as bounced" in response.content.decode()
        gone.refresh_from_db()
        assert (gone.bounced_at, gone.delivery_problem) == (earlier, "Bounced (5.1.1): gone")
        assert not LogEntry.objects.exists()

    def test_staff_who_may_only_view_cannot(self, staff_client):
        subscriber = SubscriberFactory()
        response = staff_client.post(
            SUBSCRIBERS,
            {"action": "mark_bounced", "index": "0", ACTION_CHECKBOX_NAME: [subscriber.pk]},
        )
        assert response.status_code == 403
        subscriber.refresh_from_db()
        assert subscriber.bounced_at is None


class TestSendingWorksAgain:
    def test_forgets_bounces_and_spam_reports(self, editor_client):
        now = timezone.now()
        bounced = SubscriberFactory(bounced_at=now, delivery_problem="Bounced (5.1.1)")
        annoyed = SubscriberFactory(complained_at=now, delivery_problem="Reported as spam")
        response = run_action(editor_client, "sending_works", [bounced, annoyed])
        assert "2 subscribers will get mailings again" in response.content.decode()
        assert set(Subscriber.objects.deliverable()) == {bounced, annoyed}
        bounced.refresh_from_db()
        assert bounced.delivery_problem == ""
        assert LogEntry.objects.count() == 2

    def test_leaves_alone_those_without_a_problem(self, editor_client):
        fine = SubscriberFactory()
        response = run_action(editor_client, "sending_works", [fine])
        assert "0 subscribers will get mailings again" in response.content.decode()
        assert not LogEntry.objects.exists()


class TestTheList:
    @pytest.mark.parametrize(
        ("choice", "expected"),
        [
            ("problem", ["spam@example.org", "gone@example.org"]),
            ("bounced", ["gone@example.org"]),
            ("spam", ["spam@example.org"]),
            ("fine", ["fine@example.org"]),
        ],
    )
    def test_filters_by_delivery_problem(self, editor_client, choice, expected):
        now = timezone.now()
        SubscriberFactory(email="fine@example.org")
        SubscriberFactory(email="gone@example.org", bounced_at=now)
        SubscriberFactory(email="spam@example.org", complained_at=now)
        assert shown(editor_client.get(SUBSCRIBERS, {"delivery": choice})) == expected

    def test_shows_what_the_report_said(self, editor_client):
        SubscriberFactory(
            bounced_at=timezone.now(), delivery_problem="Bounced (5.1.1): smtp; 550 User unknown"
        )
        SubscriberFactory(complained_at=timezone.now())
        html = editor_client.get(SUBSCRIBERS).content.decode()
        assert "Bounced (5.1.1): smtp; 550 User unknown" in html
        assert "Reported as spam" in html
        assert "Mark as bounced (stop sending)" in html
        assert "Sending works again" in html


class TestReadersLinks:
    def test_a_bounced_reader_can_still_unsubscribe(self, client):
        subscriber = SubscriberFactory(bounced_at=timezone.now())
        response = client.post(f"/newsletter/unsubscribe/{subscriber.token}/")
        assert response.status_code == 200
        subscriber.refresh_from_db()
        assert subscriber.unsubscribed_at is not None

    def test_confirming_again_from_the_inbox_means_mail_arrives(self, client, sign_up):
        gone = SubscriberFactory(
            email="back@example.org", bounced_at=timezone.now(), delivery_problem="Bounced"
        )
        assert gone not in Subscriber.objects.deliverable()
        sign_up("back@example.org")
        confirm, _ = links(mail.outbox[0])
        assert client.post(confirm).status_code == 200
        gone.refresh_from_db()
        assert (gone.bounced_at, gone.delivery_problem) == (None, "")
        assert list(Subscriber.objects.deliverable()) == [gone]

    def test_a_new_reader_signs_up_and_confirms_as_before(self, client, sign_up):
        sign_up("new@example.org")
        confirm, _ = links(mail.outbox[0])
        client.post(confirm)
        assert list(Subscriber.objects.deliverable().values_list("email", flat=True)) == [
            "new@example.org"
        ]
