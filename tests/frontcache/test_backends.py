"""What each front cache is sent when tags are purged, and what happens when it fails.

A small HTTP server on loopback stands in for Varnish and for the CDNs' APIs
(tests/helpers/purge_server.py); the requests it receives are the ones a real one would.
"""

import json
import logging

import pytest

from frontcache import backends
from frontcache.backends import Cloudflare, Fastly, PurgeFailed, Varnish
from tests.helpers.purge_server import PurgeServer
from tests.helpers.smtp import free_port

TAGS = ["article:12", "home", "topic:4"]


@pytest.fixture
def server():
    server = PurgeServer().start()
    yield server
    server.stop()


def test_varnish_gets_a_purge_naming_the_tags_in_an_xkey_purge_header(server):
    second = PurgeServer().start()
    try:
        Varnish([server.url, second.url + "/ignored/path"]).purge(set(TAGS))
        for varnish in (server, second):
            (request,) = varnish.requests
            assert (request.method, request.path) == ("PURGE", "/")
            assert request.headers["xkey-purge"] == "article:12 home topic:4"
    finally:
        second.stop()


def test_a_purge_of_many_tags_is_split_into_requests_of_bounded_size(server):
    tags = {f"article:{n}" for n in range(450)}
    Varnish([server.url]).purge(tags)
    sent = [request.headers["xkey-purge"].split() for request in server.requests]
    assert [len(group) for group in sent] == [200, 200, 50]
    assert {tag for group in sent for tag in group} == tags


def test_fastly_gets_a_surrogate_key_purge_with_its_token(server):
    Fastly(server.url, "SERVICE1", "secret-token").purge(TAGS)
    (request,) = server.requests
    assert (request.method, request.path) == ("POST", "/service/SERVICE1/purge")
    assert request.headers["surrogate-key"] == "article:12 home topic:4"
    assert request.headers["fastly-key"] == "secret-token"


def test_cloudflare_gets_the_tags_as_json_thirty_at_a_time(settings):
    server = PurgeServer(body=json.dumps({"success": True}).encode()).start()
    try:
        tags = [f"person:{n}" for n in range(31)]
        Cloudflare(server.url + "/client/v4", "ZONE9", "cf-token").purge(tags)
        first, second = server.requests
        assert (first.method, first.path) == ("POST", "/client/v4/zones/ZONE9/purge_cache")
        assert first.headers["authorization"] == "Bearer cf-token"
        assert len(json.loads(first.body)["tags"]) == 30
        assert json.loads(second.body) == {"tags": [sorted(tags)[-1]]}
    finally:
        server.stop()


def test_cloudflare_refusing_a_purge_in_its_answer_is_a_failure(caplog):
    refusing = json.dumps({"success": False, "errors": [{"code": 1134}]}).encode()
    server = PurgeServer(body=refusing).start()
    try:
        with pytest.raises(PurgeFailed):
            Cloudflare(server.url, "ZONE9", "cf-token").purge(TAGS)
    finally:
        server.stop()
    assert "1134" in caplog.text


def test_an_error_status_is_a_failure_worth_retrying_and_is_logged(server, caplog):
    server.statuses = [503]
    with caplog.at_level(logging.WARNING, logger="frontcache"), pytest.raises(PurgeFailed):
        Varnish([server.url]).purge(TAGS)
    assert "Varnish answered 503 to PURGE" in caplog.text


def test_an_unreachable_front_cache_is_a_failure_worth_retrying(settings, caplog):
    settings.FRONTCACHE_TIMEOUT_SECONDS = 1
    with caplog.at_level(logging.WARNING, logger="frontcache"), pytest.raises(PurgeFailed):
        Varnish([f"http://127.0.0.1:{free_port()}"]).purge(TAGS)
    assert "unreachable" in caplog.text


@pytest.mark.parametrize(
    ("name", "kind"),
    [("none", type(None)), ("varnish", Varnish), ("fastly", Fastly), ("cloudflare", Cloudflare)],
)
def test_settings_choose_the_front_cache(settings, name, kind):
    settings.FRONTCACHE_BACKEND = name
    settings.FRONTCACHE_VARNISH_URLS = ["http://127.0.0.1:8180"]
    assert isinstance(backends.configured(), kind)
