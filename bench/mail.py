"""The mail benchmark behind `make bench-mail` (not part of CI).

One topic digest to many generated subscribers on PostgreSQL, sent by real workers
(`run_worker`) through a local SMTP sink that only counts, with the send rate off. Prints
messages per second and the workers' peak memory (VmHWM), and writes them to bench/results/.

    python bench/mail.py [--subscribers 50000] [--workers 2] [--database-url postgres://…]
"""

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_mail"

SEED = """
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
from newsletter.models import Delivery, Mailing, Subscriber
from tasks.models import ScheduledJob
from django_tasks_db.models import DBTaskResult
Delivery.objects.all().delete(); Mailing.objects.all().delete(); Subscriber.objects.all().delete()
DBTaskResult.objects.all().delete()
now = timezone.now()
for n in range(5):
    Article.objects.update_or_create(slug=f"bench-mail-{n}", defaults=dict(
        title=f"Benchmark analysis {n}", summary="A short summary of the argument.",
        body="<p>Body.</p>", status="published", published_at=now - timedelta(minutes=n + 1)))
since = now - timedelta(days=2)
rows = (Subscriber(email=f"reader{n}@bench.example.org", confirmed_at=since)
        for n in range({count}))
from itertools import islice
while chunk := list(islice(rows, 5000)):
    Subscriber.objects.bulk_create(chunk)
print(Subscriber.objects.deliverable().count())
"""


class Counter:
    """An SMTP handler that counts messages and notes the first and last arrival."""

    def __init__(self):
        self.count = 0
        self.first = self.last = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            self.count += 1
        return "250 OK"


def environment(database_url, port):
    return os.environ | {
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_HTTPS": "0",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "0",
        "NEWSLETTER_SEND_RATE": "0",
        "SITE_URL": "https://thinktank.example.org",
    }


def manage(env, *args):
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    ).stdout.strip()


def create_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def peak_memory_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(args):
    create_database(args.database_url)
    counter = Counter()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    env = environment(args.database_url, port)
    manage(env, "migrate", "--noinput", "-v0")
    seed = SEED.replace("{count}", str(args.subscribers))
    print("subscribers:", manage(env, "shell", "-v0", "-c", seed))
    workers = [
        subprocess.Popen(
            [PY, "manage.py", "run_worker", "--interval", "0.05", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(args.workers)
    ]
    time.sleep(2)  # let the workers start
    started = time.monotonic()
    manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from newsletter.digest import send_digest\nsend_digest.enqueue()",
    )
    try:
        while counter.count < args.subscribers:
            if time.monotonic() - started > args.timeout:
                raise SystemExit(f"timed out with {counter.count} messages")
            time.sleep(0.2)
        peaks = [peak_memory_mb(worker.pid) for worker in workers]
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(30)
        controller.stop()
    return report(args, counter, started, peaks)


def report(args, counter, started, peaks):
    total = counter.last - started
    sending = counter.last - counter.first
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "subscribers": args.subscribers,
        "workers": args.workers,
        "messages": counter.count,
        "seconds_from_enqueue": round(total, 1),
        "messages_per_second_overall": round(counter.count / total, 1),
        "messages_per_second_sending": round(counter.count / sending, 1),
        "worker_peak_memory_mb": [round(peak, 1) for peak in peaks],
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / f"mail-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--timeout", type=float, default=1800)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
