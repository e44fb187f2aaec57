"""The site in gunicorn, and Varnish in front of it (deploy/varnish/start), for the tests
that run them as real processes against the test database.

gunicorn runs one process with threads: without Redis the page cache is per process
(local memory), and one process keeps the tests' pages in one place. With `redis_url`,
servers share Redis under one key prefix, as production's app servers do.
"""

import os
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

from tests.helpers.visitor import Visitor
from tests.helpers.workers import ROOT, environment, wait_until

GUNICORN = Path(sys.executable).parent / "gunicorn"
VARNISH_START = ROOT / "deploy" / "varnish" / "start"


def site_environment(redis_url=None, **extra):
    """What the site's processes need; with `redis_url`, one shared cache under a prefix
    of their own (a new one each time: no entry from an earlier test's content)."""
    env = environment(DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", **extra)
    if redis_url:
        env |= {"REDIS_URL": redis_url, "TEST_CACHE_KEY_PREFIX": f"servers-{uuid.uuid4().hex}"}
    return env


class Running:
    """A process of its own group, its output in `log`."""

    def __init__(self, command, log, env):
        self.command, self.log_path, self.env = command, log, env
        self.popen = None

    def start(self):
        with open(self.log_path, "ab") as out:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def output(self):
        return Path(self.log_path).read_text(errors="replace")

    def stop(self):
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)


class App(Running):
    """gunicorn serving the site on `port`."""

    def __init__(self, port, log, env):
        command = [GUNICORN, "thinktank.wsgi", "--workers", "1", "--threads", "4"]
        super().__init__([*command, "--bind", f"127.0.0.1:{port}"], log, env)
        self.port = port

    def start(self):
        super().start()
        visitor = Visitor(self.port)

        def answers():
            if self.popen.poll() is not None:
                raise AssertionError(f"gunicorn ended:\n{self.output()}")
            try:
                return visitor.get("/healthz").status == 200
            except OSError:
                return False

        wait_until(answers, timeout=30, message=f"gunicorn on {self.port}")
        return self


class Varnish(Running):
    """varnishd on `port`, in front of the application on `backend_port`."""

    def __init__(self, workdir, port, admin_port, backend_port, **env):
        self.workdir, self.port, self.backend_port = workdir, port, backend_port
        env = os.environ | {
            "VARNISH_LISTEN": f"127.0.0.1:{port}",
            "VARNISH_ADMIN": f"127.0.0.1:{admin_port}",
            "VARNISH_BACKEND": f"127.0.0.1:{backend_port}",
            "VARNISH_WORKDIR": str(workdir),
            "VARNISH_PROBE_INTERVAL": "0.2s",
            "VARNISH_PROBE_HOST": "127.0.0.1",  # one of the hosts site_environment allows
            **env,
        }
        super().__init__([VARNISH_START], workdir / "varnishd.log", env)

    def start(self):
        super().start()
        wait_until(self._listening, timeout=30, message=f"Varnish on {self.port}")
        return self

    def _listening(self):
        if self.popen.poll() is not None:
            raise AssertionError(f"varnishd ended:\n{self.output()}")
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def backend_health(self):
        """ "healthy" or "sick", as Varnish's probe of the application last found it."""
        listed = subprocess.run(
            ["varnishadm", "-n", str(self.workdir), "backend.list"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.lower()
        return "sick" if "sick" in listed else "healthy"

    def wait_until(self, health, timeout=15):
        wait_until(lambda: self.backend_health() == health, timeout, f"the backend {health}")

    def purge_everything(self):
        answer = Visitor(self.port).request("PURGE", "/", headers={"xkey-purge": "all"})
        assert answer.status == 200, answer.text
