"""`manage.py run_with_workers -- COMMAND…`: COMMAND (the web server) beside a worker and
the scheduler; Ctrl-C stops all three (tasks/supervisor.py). `make run` and `make serve`
use it.

Queues named in settings.TASKS_QUEUE_WORKERS ({queue: seconds between looks}) get a worker
of their own that looks often: the front cache's purges must not wait behind an email.
`--also` runs more servers beside (`make varnish` starts Varnish in front of gunicorn).
"""

import shlex
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tasks.supervisor import supervise


class Command(BaseCommand):
    help = "Run a command (the web server) beside background workers and the scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1, help="Worker processes (1).")
        parser.add_argument(
            "--no-scheduler", action="store_false", dest="scheduler", help="No scheduler."
        )
        parser.add_argument(
            "--also",
            action="append",
            default=[],
            help="Another command to run beside the server (one string, split as a shell would).",
        )
        parser.add_argument("server", nargs="+", help="The server's command, after --.")

    def handle(self, *, workers, scheduler, also, server, **options):
        if workers < 0:
            raise CommandError("--workers cannot be negative.")
        manage = [sys.executable, sys.argv[0]]
        commands = [server, *(shlex.split(command) for command in also)]
        commands += [[*manage, "run_worker"] for _ in range(workers)]
        for queue, seconds in settings.TASKS_QUEUE_WORKERS.items():
            quick = ["--interval", str(seconds), "--no-startup-delay"]
            commands.append([*manage, "run_worker", "--queue-name", queue, *quick])
        if scheduler:
            commands.append([*manage, "run_scheduler"])
        sys.exit(supervise(commands))
