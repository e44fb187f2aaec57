"""Django's file cache, with `add` and `incr` that several processes can share.

Without Redis, the site's worker processes share a folder of cache files. Django's `incr`
there reads, then writes: two processes incrementing at once may both write the same
number, and a slow one may write an older number back. The tag clock (core/cache/tags.py)
must only ever move forward, since a page found current at clock C is taken as current
for as long as the clock reads C. So `add` and `incr` hold an exclusive lock on a file
beside the entries (flock: every process on this machine, which is all a file cache has).
"""

import fcntl
import os
from contextlib import contextmanager

from django.core.cache.backends import filebased
from django.core.cache.backends.base import DEFAULT_TIMEOUT

LOCK_FILE = "update.lock"  # not a .djcache file: never listed, culled or cleared


class FileBasedCache(filebased.FileBasedCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked():
            return super().incr(key, delta, version)

    @contextmanager
    def _locked(self):
        self._createdir()
        with open(os.path.join(self._dir, LOCK_FILE), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
