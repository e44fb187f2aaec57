"""The front caches a purge can go to, each a class with `purge(tags)`.

Each sends the tags over HTTP with the standard library and raises PurgeFailed when the
front cache did not confirm (refused connection, timeout, an error status): the task
(frontcache/tasks.py) then tries again later. Purging is idempotent, so a retry sends
everything again.

- Varnish (deploy/varnish/default.vcl, vmod_xkey): `PURGE /` with `xkey-purge: tag1 tag2`
  to each configured Varnish; pages carry their tags in the `xkey` header.
- Fastly: `POST /service/<id>/purge` with `Surrogate-Key: tag1 tag2` and `Fastly-Key:
  <token>`; pages carry `Surrogate-Key`.
- Cloudflare: `POST /zones/<id>/purge_cache` with `{"tags": [...]}` and a bearer token;
  pages carry `Cache-Tag` (comma-separated).
"""

import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

# Tags per request: each front cache limits a purge's size (Cloudflare takes 30 tags a
# call on every plan; Fastly 256 keys; Varnish a header of http_req_hdr_len bytes).
VARNISH_TAGS_PER_REQUEST = 200
FASTLY_TAGS_PER_REQUEST = 256
CLOUDFLARE_TAGS_PER_REQUEST = 30


class PurgeFailed(Exception):
    """The front cache did not confirm a purge; worth trying again."""


def chunks(tags, size):
    tags = sorted(tags)
    return [tags[start : start + size] for start in range(0, len(tags), size)]


def send(method, url, *, headers, body=None, name):
    """One request; returns the response body, or raises PurgeFailed with what went wrong."""
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=settings.FRONTCACHE_TIMEOUT_SECONDS) as reply:
            return reply.read()
    except urllib.error.HTTPError as error:
        detail = f"{name} answered {error.code} to {method} {url}"
    except (OSError, ValueError) as error:  # refused, reset, timed out, unreachable
        detail = f"{name} at {url} unreachable: {error!r}"
    logger.warning("Front cache purge failed: %s", detail)
    raise PurgeFailed(detail)


class Varnish:
    name = "Varnish"

    def __init__(self, urls):
        self.urls = urls

    def purge(self, tags):
        for base in self.urls:
            parts = urlsplit(base)
            for group in chunks(tags, VARNISH_TAGS_PER_REQUEST):
                send(
                    "PURGE",
                    f"{parts.scheme}://{parts.netloc}/",
                    headers={"xkey-purge": " ".join(group)},
                    name=self.name,
                )


class Fastly:
    name = "Fastly"

    def __init__(self, api, service_id, token):
        self.url = f"{api.rstrip('/')}/service/{service_id}/purge"
        self.token = token

    def purge(self, tags):
        for group in chunks(tags, FASTLY_TAGS_PER_REQUEST):
            headers = {
                "Fastly-Key": self.token,
                "Surrogate-Key": " ".join(group),
                "Accept": "application/json",
            }
            send("POST", self.url, headers=headers, name=self.name)


class Cloudflare:
    name = "Cloudflare"

    def __init__(self, api, zone_id, token):
        self.url = f"{api.rstrip('/')}/zones/{zone_id}/purge_cache"
        self.token = token

    def purge(self, tags):
        for group in chunks(tags, CLOUDFLARE_TAGS_PER_REQUEST):
            headers = {
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
            }
            body = json.dumps({"tags": group}).encode()
            reply = send("POST", self.url, headers=headers, body=body, name=self.name)
            # Cloudflare answers 200 with "success": false when it refuses some of a purge.
            try:
                confirmed = json.loads(reply).get("success") is True
            except (ValueError, AttributeError):
                confirmed = False
            if not confirmed:
                logger.warning("Front cache purge failed: Cloudflare answered %r", reply[:500])
                raise PurgeFailed(f"Cloudflare did not confirm the purge: {reply[:200]!r}")


def configured():
    """The front cache chosen in settings, or None when FRONTCACHE_BACKEND is "none"."""
    match settings.FRONTCACHE_BACKEND:
        case "varnish":
            return Varnish(settings.FRONTCACHE_VARNISH_URLS)
        case "fastly":
            return Fastly(
                settings.FRONTCACHE_FASTLY_API,
                settings.FRONTCACHE_FASTLY_SERVICE_ID,
                settings.FRONTCACHE_FASTLY_TOKEN,
            )
        case "cloudflare":
            return Cloudflare(
                settings.FRONTCACHE_CLOUDFLARE_API,
                settings.FRONTCACHE_CLOUDFLARE_ZONE_ID,
                settings.FRONTCACHE_CLOUDFLARE_TOKEN,
            )
    return None
