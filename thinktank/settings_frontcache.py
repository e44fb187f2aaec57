"""The front cache (Varnish or a CDN) in front of the site, and how it is told to purge, read
from the environment as in settings.py (README "Front cache" explains each).

With FRONTCACHE_BACKEND unset ("none") nothing is purged and no task is queued: pages still
carry their tags (xkey, Surrogate-Key, Cache-Tag) and `s-maxage`, and a front cache that
cannot purge keeps them only that long.
"""

import os as _os

from django.core.exceptions import ImproperlyConfigured as _ImproperlyConfigured


def _env(name, default):
    return _os.environ.get(name) or default


def _list(name):
    return [item.strip() for item in _env(name, "").split(",") if item.strip()]


FRONTCACHE_BACKENDS = ("none", "varnish", "fastly", "cloudflare")
FRONTCACHE_BACKEND = _env("FRONTCACHE_BACKEND", "none").strip().lower()
if FRONTCACHE_BACKEND not in FRONTCACHE_BACKENDS:
    raise _ImproperlyConfigured(
        f"FRONTCACHE_BACKEND must be one of {', '.join(FRONTCACHE_BACKENDS)}."
    )
# Varnish: each address gets `PURGE /` with the tags in an `xkey-purge` header.
FRONTCACHE_VARNISH_URLS = _list("FRONTCACHE_VARNISH_URLS")
# Fastly: purge by surrogate key; the token needs the purge_select scope.
FRONTCACHE_FASTLY_SERVICE_ID = _env("FRONTCACHE_FASTLY_SERVICE_ID", "")
FRONTCACHE_FASTLY_TOKEN = _env("FRONTCACHE_FASTLY_TOKEN", "")
FRONTCACHE_FASTLY_API = _env("FRONTCACHE_FASTLY_API", "https://api.fastly.com")
# Cloudflare: purge by cache tag; the token needs the zone's Cache Purge permission.
FRONTCACHE_CLOUDFLARE_ZONE_ID = _env("FRONTCACHE_CLOUDFLARE_ZONE_ID", "")
FRONTCACHE_CLOUDFLARE_TOKEN = _env("FRONTCACHE_CLOUDFLARE_TOKEN", "")
FRONTCACHE_CLOUDFLARE_API = _env(
    "FRONTCACHE_CLOUDFLARE_API", "https://api.cloudflare.com/client/v4"
)
_required = {
    "varnish": ["FRONTCACHE_VARNISH_URLS"],
    "fastly": ["FRONTCACHE_FASTLY_SERVICE_ID", "FRONTCACHE_FASTLY_TOKEN"],
    "cloudflare": ["FRONTCACHE_CLOUDFLARE_ZONE_ID", "FRONTCACHE_CLOUDFLARE_TOKEN"],
}.get(FRONTCACHE_BACKEND, [])
if _missing := [name for name in _required if not globals()[name]]:
    raise _ImproperlyConfigured(
        f"FRONTCACHE_BACKEND={FRONTCACHE_BACKEND} needs {', '.join(_missing)}."
    )

# One request to the front cache may wait this long; a purge that fails is tried again
# FRONTCACHE_RETRY_SECONDS later, then twice as long each time, FRONTCACHE_ATTEMPTS runs.
FRONTCACHE_TIMEOUT_SECONDS = float(_env("FRONTCACHE_TIMEOUT_SECONDS", "5"))
FRONTCACHE_ATTEMPTS = int(_env("FRONTCACHE_ATTEMPTS", "8"))
FRONTCACHE_RETRY_SECONDS = float(_env("FRONTCACHE_RETRY_SECONDS", "1"))
# Each purge is sent again this long after the first: a page rendered from the old rows
# that reached the front cache just after the first purge goes too (0: only once).
FRONTCACHE_REPURGE_SECONDS = float(_env("FRONTCACHE_REPURGE_SECONDS", "0.5"))
# The "frontcache" queue's own worker looks for purges this often.
FRONTCACHE_POLL_SECONDS = float(_env("FRONTCACHE_POLL_SECONDS", "0.1"))
