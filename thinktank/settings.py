"""
Settings for Thinktank.

One module for every environment: values come from environment variables
(see `.env.example`) and fall back to defaults that are safe for local
development. Production is this same code with the variables set.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    """The variable's value; unset or empty means the default."""
    return os.environ.get(name) or default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in "
            "production, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set. List the site's host names, "
            "comma-separated (e.g. 'thinktank.org,www.thinktank.org')."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Production is served over HTTPS, usually behind a load balancer that
# terminates TLS and sets X-Forwarded-Proto. DJANGO_HTTPS=0 serves plain HTTP
# (local runs of the production profile on loopback).
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SITE_NAME = env("SITE_NAME", "Thinktank")

INSTALLED_APPS = [
    "thinktank.admin_config.ThinktankAdminConfig",  # django.contrib.admin, with two-factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "taggit",
    "django_prose_editor",
    "django_tasks_db",
    "thinktank",
    "events",
    "articles",
    "people",
    "newsletter",
    "pages",
    "taxonomy",
    "audit",
    "revisions",
    "assets",
    "accounts",
    "formguard",
    "publishing",
    "redirects",
    "tasks",
    "search",
    "frontcache",
    "seo",
    "backup",
    "demo",
    "core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache and WhiteNoise, so every response carries the policy.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "thinktank.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "thinktank.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Acts on 404s only: an old address of a moved page answers 301 with its new one.
    "redirects.middleware.RedirectFallbackMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: refuses logins while an account is locked out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thinktank.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "thinktank.context_processors.site",
                "pages.context_processors.menus",
            ],
        },
    },
]

WSGI_APPLICATION = "thinktank.wsgi.application"

# A new connection per request costs ~9 ms even on SQLite, so connections
# persist on every backend (and are health-checked before reuse).
CONN_MAX_AGE = int(env("DJANGO_CONN_MAX_AGE", "600"))


def database_from_url(url):
    """Django DATABASES entry for a postgres:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {parts.scheme!r} is not supported; use postgres://USER@HOST/DB "
            "or leave it unset for SQLite."
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # Server-side cursors cost a round trip each and break behind a
        # transaction-pooling bouncer; result sets here are small.
        "DISABLE_SERVER_SIDE_CURSORS": True,
    }


DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    # WAL lets readers and the single writer work side by side; IMMEDIATE
    # transactions make writers queue instead of failing with "database is locked".
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 5,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
# Every view that writes runs in one transaction: a request that fails half-way
# (an error after some rows are written) leaves nothing behind. Public pages only
# read, and opt out (transaction.non_atomic_requests): on SQLite a transaction takes
# the write lock, which would make readers queue behind each other.
DATABASES["default"] |= {
    "CONN_MAX_AGE": CONN_MAX_AGE,
    "CONN_HEALTH_CHECKS": True,
    "ATOMIC_REQUESTS": True,
}

# Whole public pages are cached for anonymous readers and retired the moment
# something they show changes (core/cache/). Browsers revalidate with ETags; shared
# caches (Varnish, a CDN) keep a page until a purge by tag or SHARED_CACHE_SECONDS.
# Long, as retiring an entry is exact (by tag): a shorter life only turns hits of the long
# tail into misses (bench-launch: 600 s capped hits near 89% at 300 requests/s).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "3600"))
BROWSER_CACHE_SECONDS = int(env("BROWSER_CACHE_SECONDS", "0"))
# A front cache told to purge (FRONTCACHE_BACKEND) may keep pages as long as the app does;
# one that is never told keeps them only briefly.
SHARED_CACHE_SECONDS = int(
    env(
        "SHARED_CACHE_SECONDS",
        "30" if env("FRONTCACHE_BACKEND", "none").strip().lower() == "none" else "3600",
    )
)
# When a page misses, one request renders it; the others wait this long for its result.
RENDER_WAIT_SECONDS = float(env("RENDER_WAIT_SECONDS", "2"))
# Archive-wide counts and lists, retired by their tags as pages are.
DATA_CACHE_SECONDS = int(env("DATA_CACHE_SECONDS", "3600"))

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, keeping its Redis client between commands (core/cache/redis.py).
            "BACKEND": "core.cache.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "thinktank"),
        }
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Several worker processes must see one cache, or a change retires pages in
    # only one of them: without Redis, share files on this machine.
    CACHES = {
        "default": {
            # Django's, with `add` and `incr` safe across processes (core/cache/filebased.py).
            "BACKEND": "core.cache.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    }

# Email: printed to the console in local runs; production names an SMTP server.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def smtp_options():
    """The SMTP server from EMAIL_* variables (TLS on port 587 unless told otherwise)."""
    use_ssl = env_bool("EMAIL_USE_SSL")
    return {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "465" if use_ssl else "587")),
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_ssl": use_ssl,
        "use_tls": not use_ssl and env_bool("EMAIL_USE_TLS", default=True),
        # Without a timeout, an unreachable server would hold a worker indefinitely.
        "timeout": int(env("EMAIL_TIMEOUT", "10")),
    }


MAILERS = {
    "default": {
        "BACKEND": env(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend" if DEBUG else SMTP_BACKEND,
        )
    }
}
if MAILERS["default"]["BACKEND"] == SMTP_BACKEND:
    MAILERS["default"]["OPTIONS"] = smtp_options()
# Background tasks (tasks/): emails and renditions are queued in the database for
# `manage.py run_worker`; "immediate" runs them in the request (no worker, no retries).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if (TASKS_BACKEND := env("TASKS_BACKEND", "database")) not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}.")
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS[TASKS_BACKEND],
        # A busy queue can get workers of its own (`run_worker --queue-name email`).
        "QUEUES": ["default", "email", "images", "frontcache"],
    }
}
# The front cache's purges (settings_frontcache.py) get a worker of their own that looks
# often ({queue: seconds between looks}; run_with_workers starts one for each).
from .settings_frontcache import *  # noqa: E402, F403

TASKS_QUEUE_WORKERS = {}
if FRONTCACHE_BACKEND != "none":  # noqa: F405
    TASKS_QUEUE_WORKERS["frontcache"] = FRONTCACHE_POLL_SECONDS  # noqa: F405
# A worker renews its running task's lease every TASKS_HEARTBEAT_SECONDS; a lease left
# TASKS_LEASE_SECONDS means a dead worker: the task is queued again (TASKS_MAX_LOST_RUNS runs).
TASKS_LEASE_SECONDS = int(env("TASKS_LEASE_SECONDS", "60"))
TASKS_HEARTBEAT_SECONDS = float(env("TASKS_HEARTBEAT_SECONDS", "10"))
TASKS_MAX_LOST_RUNS = int(env("TASKS_MAX_LOST_RUNS", "3"))
# Passing email failures (server down, 4xx, timeouts): EMAIL_ATTEMPTS runs, waits doubling.
EMAIL_ATTEMPTS = int(env("EMAIL_ATTEMPTS", "6"))
TASKS_RETRY_SECONDS = float(env("TASKS_RETRY_SECONDS", "30"))
# Succeeded tasks are deleted after this many days; failed ones are kept.
TASKS_KEEP_DAYS = int(env("TASKS_KEEP_DAYS", "14"))

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <newsletter@localhost>")
# The newsletter (sign-up limits, mailings, digest) and events (registration) in their own files.
from .settings_events import *  # noqa: E402, F403
from .settings_newsletter import *  # noqa: E402, F403
from .settings_site import *  # noqa: E402, F403  (the organisation in the header and footer)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses locked-out ones before checking the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for
# 15 minutes: guessing is slowed, and no one can lock an editor out from elsewhere.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address is the socket's unless a proxy count is configured: a
# forged X-Forwarded-For never picks the address that gets locked.
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
TRUSTED_PROXY_COUNT = int(env("DJANGO_TRUSTED_PROXY_COUNT", "0"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("DJANGO_TIME_ZONE", "UTC")

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploads (and their renditions) go to S3-compatible object storage when a
# bucket is named, else to MEDIA_ROOT. Report PDFs go to a private storage no web
# server serves (assets/media.py): PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, or a
# private prefix of the bucket. Static files are hashed and compressed, served by
# WhiteNoise with far-future caching.
MEDIA_BUCKET = env("MEDIA_S3_BUCKET")
# How long a link to a private file works: a presigned S3 link, or the signed
# link the admin shows editors for a report's PDF.
PRIVATE_MEDIA_LINK_SECONDS = int(env("PRIVATE_MEDIA_LINK_SECONDS", "300"))
if MEDIA_BUCKET:
    s3_options = {
        "bucket_name": MEDIA_BUCKET,
        "endpoint_url": env("MEDIA_S3_ENDPOINT_URL"),
        "region_name": env("MEDIA_S3_REGION"),
        "access_key": env("MEDIA_S3_ACCESS_KEY_ID"),
        "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY"),
        "file_overwrite": False,
    }
    DEFAULT_STORAGE = {
        # Stores each object's Content-Type from its validated format.
        "BACKEND": "assets.s3.MediaS3Storage",
        "OPTIONS": s3_options
        | {
            "custom_domain": env("MEDIA_S3_CUSTOM_DOMAIN"),  # e.g. the CDN's host name
            "location": env("MEDIA_S3_PREFIX", "media"),
            "querystring_auth": False,  # public images; no expiring signed URLs in cached pages
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    DOCUMENTS_STORAGE = {
        "BACKEND": "assets.s3.DocumentS3Storage",
        "OPTIONS": s3_options
        | {
            # Never the public media domain: these objects are fetched only by presigned links.
            "custom_domain": None,
            "location": env("MEDIA_S3_PRIVATE_PREFIX", "private"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": PRIVATE_MEDIA_LINK_SECONDS,
            "signature_version": "s3v4",  # what every region and S3-compatible store accepts
        },
    }
    # The bucket's policy lets anyone read the media prefix; the private one must be outside it.
    _public, _private = (
        f"{storage['OPTIONS']['location'].strip('/')}/"
        for storage in (DEFAULT_STORAGE, DOCUMENTS_STORAGE)
    )
    if "/" in (_public, _private) or _private.startswith(_public) or _public.startswith(_private):
        raise ImproperlyConfigured(
            "MEDIA_S3_PREFIX and MEDIA_S3_PRIVATE_PREFIX must be separate, non-empty prefixes, "
            "neither inside the other: whatever is under MEDIA_S3_PREFIX is public."
        )
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    DOCUMENTS_STORAGE = {"BACKEND": "assets.media.PrivateFileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "documents": DOCUMENTS_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# MEDIA_URL belongs on a registrable domain of its own (or the bucket's domain),
# never the site's: a check under `check --deploy` warns otherwise (thinktank/checks.py).
MEDIA_URL = env("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
_private, _public = PRIVATE_MEDIA_ROOT.resolve(), MEDIA_ROOT.resolve()
if _private.is_relative_to(_public) or _public.is_relative_to(_private):
    raise ImproperlyConfigured(
        "DJANGO_PRIVATE_MEDIA_ROOT and DJANGO_MEDIA_ROOT must be separate folders, neither "
        "inside the other: whatever is under MEDIA_ROOT is served to anyone."
    )
# Let Django serve uploads itself: local runs only. Production serves media
# from object storage or the web server.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)

# What editors may send: upload sizes, rich text, request sizes (settings_limits.py).
from .settings_limits import *  # noqa: E402, F403

TAGGIT_CASE_INSENSITIVE = True

# The prose editor's menu, trimmed to what the article body allows.
DJANGO_PROSE_EDITOR_MENU_GROUPS = [
    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "history"},
]

# Content Security Policy: only this site's own scripts, plus inline scripts
# carrying the per-response nonce (the admin's). No plugins, no framing, no
# <base> hijacking; forms post only here.
CSP_IMAGE_SOURCES = [CSP.SELF, "data:"]
if MEDIA_URL.startswith(("http://", "https://")):
    CSP_IMAGE_SOURCES.append(MEDIA_URL)
if MEDIA_BUCKET:
    media_host = env("MEDIA_S3_CUSTOM_DOMAIN")
    CSP_IMAGE_SOURCES.append(
        f"https://{media_host}" if media_host else env("MEDIA_S3_ENDPOINT_URL", "https:")
    )
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The hash admits exactly the base stylesheet the admin's rich-text editor
    # (Tiptap) injects as a <style> element; `make e2e` fails if it changes.
    "style-src": [CSP.SELF, CSP.NONCE, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    "img-src": CSP_IMAGE_SOURCES,
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "upgrade-insecure-requests": HTTPS,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
