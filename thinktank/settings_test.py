"""Settings for the test suite: the real settings with fast, isolated services."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_HTTPS", "0")
# Tasks run inside the request unless a test (or the worker it starts) asks for the queue.
os.environ.setdefault("TASKS_BACKEND", "immediate")
# Links in emails written by workers point at the test client's host.
os.environ.setdefault("SITE_URL", "http://testserver")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Each run gets its own keys, so parallel or repeated runs never share entries; the
    # app servers a test starts share theirs (TEST_CACHE_KEY_PREFIX), as production's do.
    CACHES["default"]["KEY_PREFIX"] = (
        os.environ.get("TEST_CACHE_KEY_PREFIX") or f"thinktank-test-{os.getpid()}"
    )
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: the worker processes some tests start must see the test database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="thinktank-test-db-"), "test.sqlite3")
    }
# A worker process started by a test is told where that test keeps its media.
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT") or tempfile.mkdtemp(prefix="thinktank-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="thinktank-test-private-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {"BACKEND": "assets.media.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders in tests; an empty root keeps WhiteNoise quiet.
STATIC_ROOT = tempfile.mkdtemp(prefix="thinktank-test-static-")
