"""Serving for `make bench-launch`: a design's tree, gunicorn with its task worker, Varnish.

Today's design is commit 1075f7a checked out as a git worktree under var/bench-launch/;
both trees run on the same database (their migrations are identical) and the same venv.
"""

import os
import subprocess
import time
import urllib.request
from pathlib import Path

from run import PY, ROOT
from run import stop_server as stop

OLD_COMMIT = "1075f7a"
WORK = ROOT / "var" / "bench-launch"
VARNISH_START = ROOT / "deploy" / "varnish" / "start"
ACCESS_FORMAT = "%(D)s %({x-cache}o)s %(s)s %(U)s"
WRITERS_PATHS = ("/admin/", "/accounts/", "/updates/new/")


def old_tree():
    """Today's design, built from git (once; reused while it is at the same commit)."""
    tree = WORK / "old"
    commit = subprocess.run(
        ["git", "rev-parse", f"{OLD_COMMIT}^{{commit}}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if tree.exists():
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=tree, capture_output=True, text=True
        ).stdout.strip()
        if head == commit:
            return tree
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True)
    return tree


def migrations_match():
    """Both designs must run on one schema: no migration differs from 1075f7a."""
    diff = subprocess.run(
        ["git", "diff", OLD_COMMIT, "--stat", "--", "*/migrations/*"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return not diff


def collectstatic(tree, env):
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=tree, env=env, check=True
    )


def start_site(tree, env, port, worker_class, threads, access_log):
    """gunicorn (2 workers) beside one task worker and the scheduler (run_with_workers)."""
    gunicorn = [
        str(Path(PY).parent / "gunicorn"),
        "thinktank.wsgi",
        "--workers",
        "2",
        "--worker-class",
        worker_class,
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--log-level",
        "warning",
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        ACCESS_FORMAT,
    ]
    if worker_class == "gthread":
        gunicorn += ["--threads", str(threads)]
    with open(access_log.with_suffix(".out"), "w") as output:  # the task worker's chatter
        process = subprocess.Popen(
            [PY, "manage.py", "run_with_workers", "--workers", "1", "--", *gunicorn],
            cwd=tree,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    wait_for(f"http://127.0.0.1:{port}/healthz", process)
    return process


def start_varnish(listen_port, backend_port, env):
    """Varnish with the project's VCL (deploy/varnish/start), or None if it is not there."""
    if not VARNISH_START.exists():
        return None
    process = subprocess.Popen(
        [str(VARNISH_START)],
        cwd=ROOT,
        env=env
        | {
            "VARNISH_LISTEN": f"127.0.0.1:{listen_port}",
            "VARNISH_BACKEND": f"127.0.0.1:{backend_port}",
            "VARNISH_ADMIN": f"127.0.0.1:{listen_port + 1}",
        },
        start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{listen_port}/healthz", process)
    return process


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the server exited ({process.returncode}).")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{url} did not answer in {seconds} s.")


def server_times(access_log, start, end):
    """Server-side milliseconds of readers' requests logged between two offsets: hits, misses."""
    with open(access_log, "rb") as log:
        log.seek(start)
        lines = log.read(end - start).decode(errors="replace").splitlines()
    hits, misses = [], []
    for line in lines:
        parts = line.split()
        if len(parts) != 4 or not parts[0].isdigit() or parts[3].startswith(WRITERS_PATHS):
            continue
        (hits if parts[1] == "hit" else misses).append(int(parts[0]) / 1000)
    return sorted(hits), sorted(misses)


def others_cpu():
    """CPU ticks used so far by each of the other sessions' processes on this machine.

    Those with a working directory under /work/ but outside this tree (tests and servers
    of other worktrees); PostgreSQL and Redis serve everyone and are not counted.
    """
    used = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = os.readlink(proc / "cwd")
            if not cwd.startswith("/work/") or cwd.startswith(str(ROOT)):
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # Its own time only: a parent's count of waited children would bring in CPU
        # they used before the window.
        used[proc.name] = int(fields[11]) + int(fields[12])
    return used


def others_cores(before, after, seconds):
    """Cores the others used between two snapshots (those that exited meanwhile: lost)."""
    ticks = sum(used - before.get(pid, 0) for pid, used in after.items())
    return ticks / os.sysconf("SC_CLK_TCK") / seconds
