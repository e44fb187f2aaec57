"""Rate limits for public forms, counted in the shared cache so every app server sees the
same counts.

A view checks its limits once the form is valid and has passed the bot checks, so neither
mistakes nor bots use up a reader's allowance: `allow_client()` per client address (its
refusal answered with `too_many()`, an HTTP 429 page), `allow()` for any other identity,
such as an email address.
"""

import hashlib
import ipaddress
import time

from django.core.cache import cache
from django.shortcuts import render

from accounts.client_ip import client_ip

HOUR = 3600
DAY = 24 * HOUR


def allow(scope, identity, limit, window):
    """Count one use by `identity` and say whether it is within `limit` per `window` seconds.

    Fixed windows on the clock (each hour, each day): the window is part of the
    key, so a count never outlives its window, whatever the cache's own expiry
    does. A limit of 0 means no limit. The identity is hashed, so no address is
    kept in the cache in clear.
    """
    if limit <= 0:
        return True
    digest = hashlib.sha256(identity.encode()).hexdigest()
    key = f"ratelimit:{scope}:{digest}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def client_address(request):
    """The client's address (see accounts.client_ip), an IPv6 /64 counting as one.

    An IPv6 client commonly holds a whole /64, so it could otherwise claim a
    fresh address per request.
    """
    raw = client_ip(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def allow_client(request, scope, limit, window):
    """`allow()` for the client making `request`, known by its `client_address()`."""
    return allow(scope, client_address(request), limit, window)


def too_many(request, template_name, context=None):
    """The answer to a client over its limit: a page saying so, with HTTP 429."""
    return render(request, template_name, context, status=429)
