"""Readers sign up at /newsletter/ and confirm from their inbox (double opt-in).

Every test goes through the real pages, the real form and Django's email outbox.
"""

import email.policy
import re
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsletter.models import Subscriber
from tests.helpers.factories import SubscriberFactory, TopicFactory
from tests.helpers.forms import hidden_value

from .conftest import READER_IP, SUBSCRIBE, links

pytestmark = pytest.mark.django_db

CHECK_INBOX = "/newsletter/check-your-inbox/"


def test_opt_in_end_to_end(client, sign_up):
    defence = TopicFactory(name="Defence", slug="defence")
    TopicFactory(name="Energy", slug="energy")

    response = sign_up("reader@example.org", [defence])

    assert response.status_code == 302
    assert response["Location"] == CHECK_INBOX
    assert "Check your inbox" in client.get(CHECK_INBOX).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert not Subscriber.objects.confirmed().exists()

    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Confirm your" in message.subject
    assert "on: Defence" in message.body
    confirm, unsubscribe = links(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Opening the link (as a mail scanner would) changes nothing.
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    assert not Subscriber.objects.confirmed().exists()

    # Pressing the button does.
    done = client.post(confirm)
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    assert list(Subscriber.objects.confirmed()) == [subscriber]
    assert list(Subscriber.objects.get().topics.all()) == [defence]

    # The unsubscribe link from the same email: a button, then out.
    page = client.get(unsubscribe)
    assert page.status_code == 200
    assert "<button" in page.content.decode()
    assert Subscriber.objects.confirmed().exists()
    gone = client.post(unsubscribe)
    assert gone.status_code == 200
    assert "You are unsubscribed" in gone.content.decode()
    assert not Subscriber.objects.confirmed().exists()
    assert Subscriber.objects.unsubscribed().get() == subscriber


def test_choosing_no_topic_means_every_topic(client, sign_up):
    sign_up("all@example.org")
    confirm, _ = links(mail.outbox[0])
    assert "on every topic" in mail.outbox[0].body
    client.post(confirm)
    subscriber = Subscriber.objects.confirmed().get()
    assert not subscriber.topics.exists()
    assert list(Subscriber.objects.interested_in(TopicFactory())) == [subscriber]


def test_mail_programs_unsubscribe_in_one_click_without_a_csrf_token(sign_up):
    sign_up("reader@example.org")
    subscriber = Subscriber.objects.get()
    subscriber.confirm([])
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not Subscriber.objects.confirmed().exists()


def test_the_one_click_header_reaches_mail_programs_as_one_plain_line(sign_up):
    # Folded by Python's email package, a long URL becomes =?utf-8?q?…?= words
    # that mail programs do not read as a link.
    sign_up("reader@example.org")
    _, unsubscribe = links(mail.outbox[0])
    as_sent = mail.outbox[0].message(policy=email.policy.SMTP).as_bytes()
    assert f"\r\nList-Unsubscribe: <http://testserver{unsubscribe}>\r\n".encode() in as_sent
    assert b"=?utf-8?" not in as_sent


def test_confirming_needs_the_pages_csrf_token(sign_up):
    sign_up("reader@example.org")
    confirm, _ = links(mail.outbox[0])
    forger = Client(enforce_csrf_checks=True)
    assert forger.post(confirm).status_code == 403
    assert not Subscriber.objects.confirmed().exists()


class TestTheForm:
    def test_offers_an_email_field_and_topic_checkboxes_in_a_fieldset(self, client):
        TopicFactory(name="Terrorism", slug="terrorism")
        TopicFactory(name="Arms control", slug="arms-control")
        html = client.get(SUBSCRIBE).content.decode()
        assert '<label for="id_email">Your email address' in html
        assert "<legend>Topics</legend>" in html
        assert html.index("Arms control") < html.index("Terrorism")
        assert 'type="checkbox" name="topics"' in html
        assert 'id="id_topics_helptext"' in html

    def test_the_bot_trap_is_hidden_from_people_and_assistive_technology(self, client):
        html = client.get(SUBSCRIBE).content.decode()
        trap = re.search(r'<div class="trap" aria-hidden="true">(.*?)</div>', html, re.S)
        assert trap, "no hidden trap on the page"
        assert "Leave this field empty" in trap.group(1)
        assert 'tabindex="-1"' in trap.group(1)
        assert 'autocomplete="off"' in trap.group(1)

    def test_has_no_inline_styles_or_scripts(self, client):
        html = client.get(SUBSCRIBE).content.decode()
        assert "style=" not in html
        assert "<script" not in html

    def test_is_never_cached_and_marked_private(self, client):
        first = client.get(SUBSCRIBE)
        second = Client().get(SUBSCRIBE)
        assert "X-Cache" not in second
        assert "no-store" in first["Cache-Control"]
        assert "private" in first["Cache-Control"]
        assert "csrfmiddlewaretoken" in second.content.decode()
        assert hidden_value(first, "csrfmiddlewaretoken") != hidden_value(
            second, "csrfmiddlewaretoken"
        )

    def test_a_topic_in_the_address_is_ticked(self, client):
        topic = TopicFactory(name="Defence", slug="defence")
        TopicFactory(name="Energy", slug="energy")
        html = client.get(SUBSCRIBE, {"topic": "defence"}).content.decode()
        ticked = re.findall(r'<input type="checkbox" name="topics" value="(\d+)"[^>]*checked', html)
        assert ticked == [str(topic.pk)]

    @pytest.mark.parametrize(
        "query",
        [
            {"topic": "no-such-topic"},
            {"topic": "<script>alert(1)</script>"},
            {"topic": "x" * 5000},
            {"topic": ""},
            {"page": "abc"},
            {"page": "-1", "email": "x", "shown": "forged"},
        ],
    )
    def test_unknown_or_junk_parameters_still_give_the_page(self, client, query):
        TopicFactory(slug="defence")
        response = client.get(SUBSCRIBE, query)
        assert response.status_code == 200
        assert "checked" not in response.content.decode()
        assert "<script>alert" not in response.content.decode()

    def test_query_count_does_not_grow_with_topics(self, client, django_assert_max_num_queries):
        for n in range(30):
            TopicFactory(name=f"Topic {n:02}", slug=f"topic-{n}")
        # 2 + the request's savepoint and release (ATOMIC_REQUESTS) + the menus of pages
        # and, to know how long they may be cached, the next scheduled change.
        with django_assert_max_num_queries(6):
            assert client.get(SUBSCRIBE, {"topic": "topic-3"}).status_code == 200

    def test_an_invalid_address_is_an_error_tied_to_its_field(self, sign_up):
        response = sign_up("not-an-address")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_email_error"' in html
        field = re.search(r'<input type="email"[^>]*>', html).group()
        assert 'aria-describedby="id_email_error"' in field
        assert 'aria-invalid="true"' in field
        assert not mail.outbox
        assert not Subscriber.objects.exists()

    def test_an_unknown_topic_is_a_form_error(self, sign_up):
        response = sign_up("reader@example.org", [SimpleNamespace(pk=999999)])
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not mail.outbox

    def test_a_reader_fixing_a_typo_at_once_is_not_taken_for_a_bot(self, client, sign_up):
        response = sign_up("reader@example")
        assert response.status_code == 200
        data = {"email": "reader@example.org", "shown": hidden_value(response, "shown")}
        assert client.post(SUBSCRIBE, data, REMOTE_ADDR=READER_IP)["Location"] == CHECK_INBOX
        assert len(mail.outbox) == 1

    def test_a_form_opened_before_an_upgrade_is_still_accepted(self, client, clock):
        # Stamps have been signed with this salt since the first release; pages open in
        # readers' browsers during a deploy carry them.
        stamp = signing.dumps(time.time(), salt="newsletter.form")
        clock.shift(5)
        data = {"email": "reader@example.org", "shown": stamp}
        assert client.post(SUBSCRIBE, data, REMOTE_ADDR=READER_IP)["Location"] == CHECK_INBOX
        assert len(mail.outbox) == 1

    def test_a_form_left_open_over_a_day_is_shown_again(self, client, sign_up, clock):
        response = sign_up("reader@example.org", wait=timedelta(days=1, minutes=1))
        assert response.status_code == 200
        assert "send it again" in response.content.decode()
        assert not mail.outbox
        # The form comes back with a fresh stamp, so sending it again works.
        clock.shift(5)
        data = {"email": "reader@example.org", "shown": hidden_value(response, "shown")}
        assert client.post(SUBSCRIBE, data, REMOTE_ADDR=READER_IP)["Location"] == CHECK_INBOX
        assert len(mail.outbox) == 1


class TestExistingAddresses:
    def test_addresses_are_stored_once_whatever_their_case(self, sign_up):
        sign_up("Reader@Example.ORG")
        sign_up("  reader@example.org ")
        assert list(Subscriber.objects.values_list("email", flat=True)) == ["reader@example.org"]
        assert [message.to for message in mail.outbox] == [["reader@example.org"]] * 2

    @pytest.mark.parametrize("traits", [{}, {"pending": True}, {"unsubscribed": True}])
    def test_a_known_address_gets_the_same_answer_as_a_new_one(self, sign_up, traits):
        SubscriberFactory(email="known@example.org", **traits)
        new = sign_up("new@example.org", ip="198.51.100.1")
        known = sign_up("known@example.org", ip="198.51.100.2")
        assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
        assert known.content == new.content
        assert [message.to for message in mail.outbox] == [
            ["new@example.org"],
            ["known@example.org"],
        ]

    def test_a_stranger_cannot_change_a_subscribers_topics(self, client, sign_up):
        chosen, other = TopicFactory(name="Defence"), TopicFactory(name="Energy")
        subscriber = SubscriberFactory(email="known@example.org", topics=[chosen])

        sign_up("known@example.org", [other])

        subscriber.refresh_from_db()
        assert list(subscriber.topics.all()) == [chosen]
        assert subscriber in Subscriber.objects.confirmed()
        # Only the owner, from their inbox, can make the change.
        [message] = mail.outbox
        assert "already subscribed" in message.body
        client.post(links(message)[0])
        assert list(subscriber.topics.all()) == [other]

    def test_signing_up_again_after_unsubscribing_needs_a_new_confirmation(self, client, sign_up):
        subscriber = SubscriberFactory(email="back@example.org", unsubscribed=True)
        sign_up("back@example.org")
        assert subscriber not in Subscriber.objects.confirmed()
        client.post(links(mail.outbox[0])[0])
        assert subscriber in Subscriber.objects.confirmed()


class TestBots:
    def test_filling_in_the_trap_gets_the_usual_answer_but_nothing_happens(self, sign_up):
        response = sign_up("bot@example.org", website="https://spam.example")
        assert response.status_code == 302
        assert response["Location"] == CHECK_INBOX
        assert not mail.outbox
        assert not Subscriber.objects.exists()

    @pytest.mark.parametrize("wait", [0, 1.5])
    def test_sending_the_form_within_two_seconds_sends_nothing(self, sign_up, wait):
        response = sign_up("fast@example.org", wait=wait)
        assert response["Location"] == CHECK_INBOX
        assert not mail.outbox
        assert not Subscriber.objects.exists()

    @pytest.mark.parametrize("stamp", [None, "", "1700000000", "forged:stamp:value"])
    def test_a_missing_or_forged_form_stamp_sends_nothing(self, client, clock, stamp):
        data = {"email": "bot@example.org"} | ({"shown": stamp} if stamp is not None else {})
        response = client.post(SUBSCRIBE, data)
        assert response["Location"] == CHECK_INBOX
        assert not mail.outbox
        assert not Subscriber.objects.exists()


class TestRateLimits:
    def test_six_sign_ups_from_one_address_in_an_hour_get_a_friendly_429(self, sign_up, clock):
        for n in range(5):
            assert sign_up(f"reader{n}@example.org").status_code == 302
        response = sign_up("reader5@example.org")
        assert response.status_code == 429
        assert "Too many sign-ups" in response.content.decode()
        assert len(mail.outbox) == 5
        assert not Subscriber.objects.filter(email="reader5@example.org").exists()
        # Another connection is unaffected; this one may sign up again an hour later.
        assert sign_up("other@example.org", ip="198.51.100.9").status_code == 302
        clock.shift(timedelta(hours=1))
        assert sign_up("reader5@example.org").status_code == 302
        assert len(mail.outbox) == 7

    def test_a_claimed_forwarded_for_address_does_not_escape_the_limit(self, sign_up):
        for n in range(5):
            sign_up(f"reader{n}@example.org", headers={"X-Forwarded-For": f"10.0.0.{n}"})
        assert sign_up("reader5@example.org").status_code == 429

    def test_one_ipv6_network_counts_as_one_client(self, sign_up):
        for n in range(5):
            sign_up(f"reader{n}@example.org", ip=f"2001:db8:1:2::{n + 1}")
        assert sign_up("reader5@example.org", ip="2001:db8:1:2:ffff::1").status_code == 429
        assert sign_up("reader5@example.org", ip="2001:db8:1:3::1").status_code == 302

    def test_an_address_gets_at_most_three_confirmation_emails_a_day(self, sign_up, clock):
        answers = [sign_up("target@example.org", ip=f"198.51.100.{n}") for n in range(5)]
        # Same answer every time, so the limit says nothing about the address.
        assert {(answer.status_code, answer["Location"]) for answer in answers} == {
            (302, CHECK_INBOX)
        }
        assert len(mail.outbox) == 3
        clock.shift(timedelta(days=1))
        sign_up("target@example.org", ip="198.51.100.99")
        assert len(mail.outbox) == 4

    def test_limits_are_settings(self, sign_up, settings):
        settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = 1
        settings.NEWSLETTER_EMAILS_PER_ADDRESS_PER_DAY = 0  # no limit
        assert sign_up("a@example.org").status_code == 302
        assert sign_up("a@example.org").status_code == 429
        for n in range(5):
            sign_up("a@example.org", ip=f"198.51.100.{n}")
        assert len(mail.outbox) == 6


def test_a_mail_server_that_is_down_does_not_hold_up_the_page(sign_up, task_queue):
    # The email is queued for a worker, which retries while the server is away.
    response = sign_up("reader@example.org")
    assert response.status_code == 302
    assert response["Location"] == CHECK_INBOX
    (queued,) = DBTaskResult.objects.filter(task_path="tasks.email.send_email")
    assert queued.status == "READY"
    assert queued.args_kwargs["args"][0]["to"] == ["reader@example.org"]
    assert mail.outbox == []
