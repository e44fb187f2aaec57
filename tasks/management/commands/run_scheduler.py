"""`manage.py run_scheduler`: enqueue the registered periodic jobs when they are due.

Run one beside the workers; a second one (on another machine, for when the first is
gone) waits, and takes over within `--lock-seconds` of the first one stopping.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from tasks import schedule

logger = logging.getLogger("tasks.schedule")


class Command(BaseCommand):
    help = "Enqueue periodic jobs on their schedule; only one scheduler acts at a time."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5, help="Seconds between looks.")
        parser.add_argument(
            "--lock-seconds",
            type=float,
            default=60,
            help="How long the lock lasts unless renewed: the wait before another takes over.",
        )
        parser.add_argument("--once", action="store_true", help="Look once, then stop.")

    def handle(self, *, interval, lock_seconds, once, verbosity, **options):
        if verbosity and not logger.handlers:
            logger.addHandler(logging.StreamHandler(self.stdout))
            logger.setLevel(logging.INFO)
            logger.propagate = False
        holder = get_random_string(24)
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        names = ", ".join(sorted(schedule.jobs())) or "none"
        logger.info("Scheduler %s started; jobs: %s", holder, names)
        try:
            while not stopping.is_set():
                close_old_connections()
                if schedule.acquire(holder, lock_seconds):
                    schedule.run_due()
                if once:
                    break
                stopping.wait(interval)
        finally:
            schedule.release(holder)
            logger.info("Scheduler %s stopped", holder)
