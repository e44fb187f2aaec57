"""The links in our emails: confirm (expires) and unsubscribe (never does).

A link that is old, cut short or altered gets a page that says so, never an error.
"""

from datetime import timedelta

import pytest
from django.core import mail

from newsletter.models import Subscriber
from tests.helpers.factories import SubscriberFactory, TopicFactory

from .conftest import links

pytestmark = pytest.mark.django_db


@pytest.fixture
def emailed(sign_up):
    """A pending subscriber and the two links of their confirmation email."""
    sign_up("reader@example.org")
    confirm, unsubscribe = links(mail.outbox[0])
    return Subscriber.objects.get(), confirm, unsubscribe


class TestConfirmLinks:
    def test_work_for_seven_days(self, client, clock, emailed):
        subscriber, confirm, _ = emailed
        clock.shift(timedelta(days=6, hours=23))
        assert client.post(confirm).status_code == 200
        assert subscriber in Subscriber.objects.confirmed()

    def test_expire_after_seven_days_with_a_clear_page(self, client, clock, emailed):
        subscriber, confirm, _ = emailed
        clock.shift(timedelta(days=7, minutes=1))
        for response in (client.get(confirm), client.post(confirm)):
            assert response.status_code == 410
            assert "This link has expired" in response.content.decode()
        assert subscriber not in Subscriber.objects.confirmed()

    def test_the_lifetime_is_a_setting(self, client, clock, emailed, settings):
        settings.NEWSLETTER_CONFIRM_DAYS = 1
        clock.shift(timedelta(days=1, minutes=1))
        assert client.get(emailed[1]).status_code == 410

    @pytest.mark.parametrize(
        "change",
        [
            lambda token: token[:-1],  # cut short
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # altered
            lambda token: "not-a-token",
            lambda token: "x" * 2000,
        ],
    )
    def test_altered_or_cut_short_are_refused_with_a_clear_page(self, client, emailed, change):
        subscriber, confirm, _ = emailed
        token = confirm.removeprefix("/newsletter/confirm/").removesuffix("/")
        url = f"/newsletter/confirm/{change(token)}/"
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400
            assert "This link is not valid" in response.content.decode()
        assert subscriber not in Subscriber.objects.confirmed()

    def test_a_deleted_subscription_is_a_clear_404(self, client, emailed):
        subscriber, confirm, _ = emailed
        subscriber.delete()
        response = client.post(confirm)
        assert response.status_code == 404
        assert "no longer valid" in response.content.decode()
        assert not Subscriber.objects.exists()

    def test_topics_deleted_since_signing_up_are_dropped(self, client, sign_up):
        kept, dropped = TopicFactory(name="Defence"), TopicFactory(name="Energy")
        sign_up("reader@example.org", [kept, dropped])
        dropped.delete()
        client.post(links(mail.outbox[0])[0])
        assert list(Subscriber.objects.get().topics.all()) == [kept]

    def test_confirming_twice_keeps_the_first_confirmation_time(self, client, clock, emailed):
        client.post(emailed[1])
        first = Subscriber.objects.get().confirmed_at
        clock.shift(timedelta(hours=1))
        client.post(emailed[1])
        assert Subscriber.objects.get().confirmed_at == first

    def test_pages_are_private_and_kept_out_of_search_engines(self, client, emailed):
        for response in (client.get(emailed[1]), client.get(emailed[2])):
            assert "no-store" in response["Cache-Control"]
            assert response["X-Robots-Tag"] == "noindex"


class TestUnsubscribeLinks:
    def test_keep_working_long_after_the_email(self, client, clock):
        subscriber = SubscriberFactory()
        clock.shift(timedelta(days=400))
        client.post(f"/newsletter/unsubscribe/{subscriber.token}/")
        assert subscriber not in Subscriber.objects.confirmed()

    def test_from_a_confirmation_email_stop_a_pending_sign_up(self, client, emailed):
        subscriber, _, unsubscribe = emailed
        client.post(unsubscribe)
        assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
        assert subscriber not in Subscriber.objects.pending()

    def test_unsubscribing_twice_is_harmless(self, client, clock):
        subscriber = SubscriberFactory()
        url = f"/newsletter/unsubscribe/{subscriber.token}/"
        client.post(url)
        first = Subscriber.objects.get().unsubscribed_at
        clock.shift(timedelta(hours=1))
        assert client.post(url).status_code == 200
        assert Subscriber.objects.get().unsubscribed_at == first
        assert "You are unsubscribed" in client.get(url).content.decode()

    @pytest.mark.parametrize("token", ["unknown-token", "x" * 500])
    def test_unknown_tokens_get_a_clear_404(self, client, token):
        subscriber = SubscriberFactory()
        url = f"/newsletter/unsubscribe/{token}/"
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 404
            assert "This link is not valid" in response.content.decode()
        assert subscriber in Subscriber.objects.confirmed()

    def test_each_subscriber_has_their_own_unguessable_token(self):
        first, second = SubscriberFactory(), SubscriberFactory()
        assert first.token != second.token
        assert len(first.token) >= 40
