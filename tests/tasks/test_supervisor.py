"""`manage.py run_with_workers` (what `make run` and `make serve` start): the server, a
worker and the scheduler; one Ctrl-C stops them all, grandchildren included."""

import os
import signal
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.smtp import free_port
from tests.helpers.workers import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def descendants(pid):
    """Every process below `pid` (from /proc), as {pid: command line}."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append((int(stat.parent.name), cmdline))
    found, todo = {}, [pid]
    while todo:
        for child, cmdline in children.get(todo.pop(), []):
            found[child] = cmdline
            todo.append(child)
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def answers(url):
    try:
        return urllib.request.urlopen(url, timeout=5).read() == b"ok"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process table from /proc")
def test_ctrl_c_stops_the_server_the_worker_and_the_scheduler(processes):
    port = free_port()
    server = [
        sys.executable,
        "manage.py",
        "runserver",
        f"127.0.0.1:{port}",
    ]  # with its autoreloader
    supervisor = processes("run_with_workers", "--", *server, DJANGO_ALLOWED_HOSTS="127.0.0.1")

    def everyone_started():
        found = descendants(supervisor.pid).values()
        return sum("run_worker" in c or "run_scheduler" in c for c in found) == 2 and (
            sum("runserver" in c for c in found) == 2  # the reloader and the server it runs
        )

    wait_until(everyone_started, timeout=30, message="server, reloader, worker, scheduler")
    wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz"), message="the server")
    started = descendants(supervisor.pid)

    supervisor.popen.send_signal(signal.SIGINT)
    supervisor.popen.wait(20)

    assert [cmd for pid, cmd in started.items() if alive(pid)] == []
