"""The worker: django-tasks-db's, with a lease on each task and retries with backoff.

django-tasks-db's `Worker` finds a ready task and claims it (marks it RUNNING) in one
exclusive transaction; from there this worker takes over `run_task`: it takes the lease,
runs the task while its `Heartbeat` renews the lease, and records the outcome only if the
lease is still its own (a task reaped from a stalled worker belongs to whoever runs it next).
"""

import logging
from traceback import format_exception

from django.core.exceptions import SuspiciousOperation
from django.db import close_old_connections
from django.tasks import TaskContext, TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django.utils.json import normalize_json
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import leases
from .retry import policy_of

logger = logging.getLogger(__name__)


class LeasedWorker(Worker):
    def run(self):
        self.heartbeat = leases.Heartbeat(self.worker_id)
        self.heartbeat.start()
        leases.reap()  # what workers that died before this one started left behind
        try:
            super().run()
        finally:
            self.heartbeat.stop()

    def run_task(self, db_task_result):
        self.running_task = True
        try:
            leases.take(db_task_result.pk, self.worker_id)
            self.heartbeat.current = db_task_result.pk
            self._run(db_task_result)
        finally:
            self.heartbeat.current = None
            leases.release(db_task_result.pk, self.worker_id)
            self.running_task = False
            self._run_tasks += 1
            close_old_connections()

    def _run(self, row):
        try:
            task = row.task
            result = row.task_result
            sender = type(task.get_backend())
        except (ImportError, SuspiciousOperation) as error:
            logger.exception("Task %s cannot be loaded", row.pk)
            self._finish(row, _failure(error))
            return
        task_started.send(sender=sender, task_result=result)
        try:
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
            value = normalize_json(value)  # a value JSON cannot hold fails the task here
        except (KeyboardInterrupt, SystemExit):
            # Stopped by force mid-task: back in the queue at once, for another worker.
            self._finish(row, {"status": TaskResultStatus.READY, "run_after": timezone.now()})
            raise
        except BaseException as error:  # a task's failure is recorded, whatever it is
            attempt = len(row.worker_ids)
            policy = policy_of(task)
            if isinstance(error, Exception) and policy.should_retry(error, attempt):
                delay = policy.delay(attempt)
                logger.warning("Task %s failed (%r); retrying in %s", row.pk, error, delay)
                fields = _failure(error) | {
                    "status": TaskResultStatus.READY,
                    "run_after": timezone.now() + delay,
                    "finished_at": None,
                }
            else:
                logger.exception("Task %s failed", row.pk)
                fields = _failure(error)
        else:
            fields = {
                "status": TaskResultStatus.SUCCESSFUL,
                "finished_at": timezone.now(),
                "return_value": value,
                "exception_class_path": "",
                "traceback": "",
            }
        if self._finish(row, fields):
            row.refresh_from_db()
            task_finished.send(sender=sender, task_result=row.task_result)

    def _finish(self, row, fields):
        """Record the outcome if this worker still holds the task's lease."""
        written = DBTaskResult.objects.filter(
            pk=row.pk,
            status=TaskResultStatus.RUNNING,
            lease__worker_id=self.worker_id,
        ).update(**fields)
        if not written:
            logger.warning("Task %s was taken back from this worker; outcome dropped", row.pk)
        return bool(written)


def _failure(error):
    return {
        "status": TaskResultStatus.FAILED,
        "finished_at": timezone.now(),
        "return_value": None,
        "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
        "traceback": "".join(format_exception(error)),
    }
