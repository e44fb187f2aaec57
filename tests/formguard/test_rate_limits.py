"""Rate limits: counted per client address in the shared cache, HTTP 429 past the limit.

The tiny form of tests/formguard/tiny_site.py allows LIMIT sends per client an hour.
"""

from datetime import timedelta

from formguard import ratelimit

from . import tiny_site

LIMIT = tiny_site.LIMIT


def send_up_to_the_limit(send, **kwargs):
    for n in range(LIMIT):
        assert send(f"Reader {n}", **kwargs).content.decode() == tiny_site.THANKS


def test_past_the_limit_a_client_gets_a_429_page_and_nothing_is_kept(send):
    send_up_to_the_limit(send)
    response = send("One too many")
    assert response.status_code == 429
    assert "Too many notes" in response.content.decode()
    assert len(tiny_site.received) == LIMIT


def test_another_client_is_unaffected_and_the_limit_lifts_the_next_hour(send, clock):
    send_up_to_the_limit(send)
    assert send("Neighbour", ip="198.51.100.9").status_code == 200
    clock.shift(timedelta(hours=1))
    assert send("Back again").status_code == 200
    assert tiny_site.received[-2:] == ["Neighbour", "Back again"]


def test_a_claimed_forwarded_for_address_does_not_escape_the_limit(send):
    for n in range(LIMIT):
        send(headers={"X-Forwarded-For": f"10.0.0.{n}"})
    assert send(headers={"X-Forwarded-For": "10.0.0.99"}).status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_by_the_proxys_entry(send, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    send_up_to_the_limit(send, ip=proxy, headers={"X-Forwarded-For": "203.0.113.9"})
    # A fake address written in front of the proxy's own entry changes nothing.
    forged = send(ip=proxy, headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.9"})
    assert forged.status_code == 429
    assert send(ip=proxy, headers={"X-Forwarded-For": "203.0.113.10"}).status_code == 200


def test_one_ipv6_network_counts_as_one_client(send):
    for n in range(LIMIT):
        send(ip=f"2001:db8:1:2::{n + 1}")
    assert send(ip="2001:db8:1:2:ffff::1").status_code == 429
    assert send(ip="2001:db8:1:3::1").status_code == 200


def test_an_ipv4_client_seen_through_ipv6_is_the_same_client(send):
    send_up_to_the_limit(send, ip="203.0.113.7")
    assert send(ip="::ffff:203.0.113.7").status_code == 429


def test_any_identity_can_be_limited_and_scopes_count_apart(clock):
    email = "reader@example.org"
    assert [ratelimit.allow("emails", email, 2, ratelimit.DAY) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert ratelimit.allow("other-scope", email, 2, ratelimit.DAY)
    clock.shift(timedelta(days=1))
    assert ratelimit.allow("emails", email, 2, ratelimit.DAY)


def test_a_limit_of_zero_means_no_limit(clock):
    assert all(ratelimit.allow("unlimited", "someone", 0, ratelimit.HOUR) for _ in range(50))
