"""`manage.py run_with_workers -- COMMAND…`: COMMAND (the web server) beside a worker and
the scheduler; Ctrl-C stops all three (tasks/supervisor.py). `make run` and `make serve`
use it."""

import sys

from django.core.management.base import BaseCommand, CommandError

from tasks.supervisor import supervise


class Command(BaseCommand):
    help = "Run a command (the web server) beside background workers and the scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1, help="Worker processes (1).")
        parser.add_argument(
            "--no-scheduler", action="store_false", dest="scheduler", help="No scheduler."
        )
        parser.add_argument("server", nargs="+", help="The server's command, after --.")

    def handle(self, *, workers, scheduler, server, **options):
        if workers < 0:
            raise CommandError("--workers cannot be negative.")
        manage = [sys.executable, sys.argv[0]]
        commands = [server]
        commands += [[*manage, "run_worker"] for _ in range(workers)]
        if scheduler:
            commands.append([*manage, "run_scheduler"])
        sys.exit(supervise(commands))
