"""Editors look after subscribers in the admin and export the confirmed ones as CSV."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group

from newsletter.models import Subscriber
from tests.helpers.factories import SubscriberFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/newsletter/subscriber/"
EXPORT = "/admin/newsletter/subscriber/export/"


def rows(response):
    """The downloaded CSV as a list of rows, header first."""
    assert response.streaming
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_the_editors_group_may_view_change_and_delete_subscribers_but_not_add():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__model="subscriber")
        .values_list("codename", flat=True)
    )
    assert codenames == {"view_subscriber", "change_subscriber", "delete_subscriber"}


def test_the_editors_group_composes_and_sends_mailings():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__model__in=["mailing", "mailingarticle"])
        .values_list("codename", flat=True)
    )
    assert codenames == {
        f"{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("mailing", "mailingarticle")
    }


class TestChangelist:
    def test_lists_status_topics_and_dates_with_an_export_link(self, editor_client):
        topic = TopicFactory(name="Defence")
        SubscriberFactory(email="confirmed@example.org", topics=[topic])
        SubscriberFactory(email="pending@example.org", pending=True)
        html = editor_client.get(SUBSCRIBERS).content.decode()
        assert "confirmed@example.org" in html
        assert "Pending confirmation" in html
        assert "Defence" in html
        assert "All topics" in html
        assert f'href="{EXPORT}"' in html
        assert "Export confirmed subscribers (CSV)" in html

    @pytest.mark.parametrize(
        ("status", "expected"),
        [
            ("confirmed", "confirmed@example.org"),
            ("pending", "pending@example.org"),
            ("unsubscribed", "left@example.org"),
        ],
    )
    def test_filters_by_status(self, editor_client, status, expected):
        SubscriberFactory(email="confirmed@example.org")
        SubscriberFactory(email="pending@example.org", pending=True)
        SubscriberFactory(email="left@example.org", unsubscribed=True)
        response = editor_client.get(SUBSCRIBERS, {"status": status})
        assert [s.email for s in response.context["cl"].result_list] == [expected]

    def test_filters_by_topic_and_searches_by_email(self, editor_client):
        topic = TopicFactory(slug="defence")
        SubscriberFactory(email="defence@example.org", topics=[topic])
        SubscriberFactory(email="other@example.org")
        by_topic = editor_client.get(SUBSCRIBERS, {"topic": "defence"})
        assert [s.email for s in by_topic.context["cl"].result_list] == ["defence@example.org"]
        found = editor_client.get(SUBSCRIBERS, {"q": "OTHER@"})
        assert [s.email for s in found.context["cl"].result_list] == ["other@example.org"]

    def test_query_count_does_not_grow_with_subscribers(
        self, editor_client, django_assert_max_num_queries
    ):
        topics = TopicFactory.create_batch(3)
        SubscriberFactory.create_batch(40, topics=topics)
        # + two savepoints and releases (the request's, the list count's), + the two-factor check
        with django_assert_max_num_queries(17):
            assert editor_client.get(SUBSCRIBERS).status_code == 200

    def test_nobody_adds_subscribers_by_hand(self, editor_client):
        assert editor_client.get(f"{SUBSCRIBERS}add/").status_code == 403

    def test_editors_may_change_topics_but_not_the_address_or_dates(self, editor_client):
        topic = TopicFactory()
        subscriber = SubscriberFactory(email="reader@example.org")
        confirmed_at = subscriber.confirmed_at
        page = editor_client.get(f"{SUBSCRIBERS}{subscriber.pk}/change/")
        assert page.status_code == 200
        assert 'name="email"' not in page.content.decode()
        response = editor_client.post(
            f"{SUBSCRIBERS}{subscriber.pk}/change/",
            {"email": "someone-else@example.org", "topics": [topic.pk], "confirmed_at": ""},
        )
        assert response.status_code == 302
        subscriber.refresh_from_db()
        assert subscriber.email == "reader@example.org"
        assert subscriber.confirmed_at == confirmed_at
        assert list(subscriber.topics.all()) == [topic]


class TestExport:
    def test_downloads_only_confirmed_subscribers(self, editor_client):
        defence, energy = TopicFactory(name="Defence"), TopicFactory(name="Energy")
        confirmed = SubscriberFactory(email="in@example.org", topics=[energy, defence])
        SubscriberFactory(email="everything@example.org")
        SubscriberFactory(email="pending@example.org", pending=True)
        SubscriberFactory(email="left@example.org", unsubscribed=True)

        response = editor_client.get(EXPORT)

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="subscribers-')
        header, *body = rows(response)
        assert header == ["email", "topics", "confirmed_at"]
        assert sorted(row[:2] for row in body) == [
            ["everything@example.org", "All topics"],
            ["in@example.org", "Defence; Energy"],
        ]
        assert confirmed.confirmed_at.isoformat(timespec="seconds") in {row[2] for row in body}

    def test_neutralises_cells_a_spreadsheet_would_run_as_formulas(self, editor_client):
        for name in ("=HYPERLINK(1)", "+SUM(1)", "-2+3", "@cmd"):
            SubscriberFactory(email=f"{name[0]}x@example.org", topics=[TopicFactory(name=name)])
        body = rows(editor_client.get(EXPORT))[1:]
        cells = [cell for row in body for cell in row[:2]]
        assert len(cells) == 8
        assert all(cell.startswith("'") for cell in cells), cells
        assert "'=HYPERLINK(1)" in cells

    def test_the_action_exports_the_confirmed_among_the_selected(self, editor_client):
        chosen = SubscriberFactory(email="chosen@example.org")
        pending = SubscriberFactory(email="pending@example.org", pending=True)
        SubscriberFactory(email="not-chosen@example.org")
        response = editor_client.post(
            SUBSCRIBERS,
            {"action": "export_selected", ACTION_CHECKBOX_NAME: [chosen.pk, pending.pk]},
        )
        assert [row[0] for row in rows(response)[1:]] == ["chosen@example.org"]

    def test_query_count_does_not_grow_with_subscribers(
        self, editor_client, django_assert_max_num_queries
    ):
        topics = TopicFactory.create_batch(3)
        SubscriberFactory.create_batch(50, topics=topics)
        with django_assert_max_num_queries(9):  # + the admin's two-factor check
            assert len(rows(editor_client.get(EXPORT))) == 51

    def test_anonymous_visitors_are_sent_to_log_in(self, client):
        SubscriberFactory()
        response = client.get(EXPORT)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_a_logged_in_non_staff_user_is_sent_to_log_in(self, client):
        client.force_login(UserFactory())
        response = client.get(EXPORT)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_staff_without_permission_are_refused(self, staff_client):
        SubscriberFactory(email="secret@example.org")
        response = staff_client.get(EXPORT)
        assert response.status_code == 403
        assert b"secret@example.org" not in response.content
        action = staff_client.post(
            SUBSCRIBERS,
            {"action": "export_selected", ACTION_CHECKBOX_NAME: [Subscriber.objects.get().pk]},
        )
        assert action.status_code == 403
