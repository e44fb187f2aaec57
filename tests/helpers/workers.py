"""Worker and scheduler processes started by tests, against the test database.

On SQLite the test database is a file (thinktank/settings_test.py) and the tests that
start processes use `transaction=True`, so what they write is committed and another
process sees it, and `serialized_rollback=True`, so the flush after them does not make
content types again under new ids (which a later migration test, restoring the
serialized rows, would meet as duplicates). The process gets the same database, media
folder and mail server through the environment variables the settings read.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# Short leases and retries, so the tests of dead workers and failing servers are quick.
FAST = {
    "TASKS_LEASE_SECONDS": "2",
    "TASKS_HEARTBEAT_SECONDS": "0.3",
    "TASKS_RETRY_SECONDS": "0.3",
    "EMAIL_ATTEMPTS": "3",
}


def database_environment():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return {"SQLITE_PATH": db["NAME"]}
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"
    return {"DATABASE_URL": url}


def environment(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thinktank.settings_test",
        "TASKS_BACKEND": "database",
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **FAST,
        **database_environment(),
        **extra,
    }
    env.pop("REDIS_URL", None)  # the worker's cache is its own
    return env


class Process:
    """A `manage.py` command in a process of its own; its output goes to `log`."""

    def __init__(self, log, *command, **env):
        self.log_path = log
        self.log = open(log, "ab")  # closed in stop()
        self.popen = subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment(**env),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self):
        return self.popen.pid

    def output(self):
        self.log.flush()
        return Path(self.log_path).read_text()

    def kill(self):
        """SIGKILL: the worker gets no chance to tidy up, as when a machine dies."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(10)

    def stop(self, timeout=15):
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_until(condition, timeout=30, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}")
