"""`manage.py run_worker`: django-tasks-db's `db_worker`, with leases and retries.

Takes the same options (`--queue-name`, `--interval`, `--batch`, `--max-tasks`, …); the
default is every queue. Run as many as the work needs, on any machine that reaches the
database: each claims one task at a time.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from tasks.worker import LeasedWorker


class Command(db_worker.Command):
    help = "Run a background worker: runs queued tasks, retries passing errors, reaps lost tasks."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, **options):
        self.configure_logging(verbosity)
        worker = LeasedWorker(
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
