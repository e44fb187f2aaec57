"""A GuardedForm keeps bots out with a hidden trap field and a signed time, and tells
them nothing: a bot gets the answer a person gets, and nothing is kept.

Every test sends the tiny form of tests/formguard/tiny_site.py through the test client.
"""

import re
from datetime import timedelta

import pytest

from tests.helpers.forms import hidden_value

from . import tiny_site
from .conftest import READER_IP


def test_a_person_who_takes_a_few_seconds_is_accepted(send):
    response = send("Amina")
    assert response.content.decode() == tiny_site.THANKS
    assert tiny_site.received == ["Amina"]


def test_the_trap_is_off_screen_and_hidden_from_assistive_technology(client):
    html = client.get("/note/").content.decode()
    trap = re.search(r'<div class="trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap, "no hidden trap on the page"
    assert '<label for="id_website">Leave this field empty</label>' in trap.group(1)
    assert 'tabindex="-1"' in trap.group(1)
    assert 'autocomplete="off"' in trap.group(1)
    assert re.search(r'<input type="hidden" name="shown" value="[^"]+">', html)


def test_the_checks_are_not_fields_of_the_form(client):
    form = client.get("/note/").context["form"]
    assert list(form.fields) == ["name"]


def test_filling_in_the_trap_gets_the_usual_answer_but_nothing_is_kept(send):
    response = send(website="https://spam.example")
    assert response.content.decode() == tiny_site.THANKS
    assert tiny_site.received == []


@pytest.mark.parametrize("wait", [0, 1.5])
def test_sending_the_form_within_two_seconds_keeps_nothing(send, wait):
    assert send(wait=wait).content.decode() == tiny_site.THANKS
    assert tiny_site.received == []


@pytest.mark.parametrize("stamp", [None, "", "1700000000", "forged:stamp:value"])
def test_a_missing_or_forged_stamp_keeps_nothing(client, clock, stamp):
    data = {"name": "Bot"} | ({"shown": stamp} if stamp is not None else {})
    assert client.post("/note/", data).content.decode() == tiny_site.THANKS
    assert tiny_site.received == []


def test_a_stamp_from_another_kind_of_form_counts_as_missing(client, clock):
    other = hidden_value(client.get("/other-note/"), "shown")
    clock.shift(5)
    assert client.post("/note/", {"name": "Bot", "shown": other}).content.decode() == (
        tiny_site.THANKS
    )
    assert tiny_site.received == []


def test_a_form_left_open_over_a_day_is_shown_again_with_a_fresh_stamp(client, send, clock):
    response = send(wait=timedelta(days=1, minutes=1))
    assert response.status_code == 200
    assert "Please check your details and send it again." in response.content.decode()
    assert tiny_site.received == []
    clock.shift(5)
    data = {"name": "Amina", "shown": hidden_value(response, "shown")}
    assert client.post("/note/", data, REMOTE_ADDR=READER_IP).content.decode() == tiny_site.THANKS
    assert tiny_site.received == ["Amina"]


def test_a_person_fixing_a_mistake_at_once_is_not_taken_for_a_bot(client, send):
    response = send("")
    assert "This field is required." in response.content.decode()
    # Sent again straight away, with the stamp of the page first shown.
    data = {"name": "Amina", "shown": hidden_value(response, "shown")}
    assert client.post("/note/", data, REMOTE_ADDR=READER_IP).content.decode() == tiny_site.THANKS
    assert tiny_site.received == ["Amina"]
