"""Leases on running tasks, and the reaper that queues again the tasks of dead workers.

django-tasks-db marks a claimed task RUNNING and nothing else: if its worker is killed,
the task stays RUNNING for ever. Here a worker holds a lease on the task it runs and renews
it every TASKS_HEARTBEAT_SECONDS (`Heartbeat`, a thread beside the task); every worker's
heartbeat also runs `reap()`, which finds running tasks whose lease ran out, and puts them
back in the queue, or fails them once they have lost TASKS_MAX_LOST_RUNS workers (a task
that kills its worker every time must not take the queue down with it).
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Lease
from .retry import policy_of

logger = logging.getLogger(__name__)

WORKER_LOST = "tasks.leases.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped renewing its lease (killed, or its machine gone)."""


def lease_length():
    return timedelta(seconds=settings.TASKS_LEASE_SECONDS)


def take(task_id, worker_id):
    Lease.objects.update_or_create(
        task_id=task_id,
        defaults={"worker_id": worker_id, "held_until": timezone.now() + lease_length()},
    )


def renew(task_id, worker_id):
    """Extend the lease; False if it is no longer this worker's (it was reaped)."""
    renewed = Lease.objects.filter(task_id=task_id, worker_id=worker_id).update(
        held_until=timezone.now() + lease_length()
    )
    return renewed == 1


def release(task_id, worker_id):
    Lease.objects.filter(task_id=task_id, worker_id=worker_id).delete()


def lost_tasks(now=None):
    """Running tasks whose worker is gone: the lease ran out, or was never taken (the worker
    died between claiming the task and leasing it) and the task started a lease ago."""
    now = now or timezone.now()
    return DBTaskResult.objects.running().filter(
        Q(lease__held_until__lt=now) | Q(lease__isnull=True, started_at__lt=now - lease_length())
    )


def reap(now=None):
    """Queue lost tasks again (or fail them for good); return how many were found."""
    found = 0
    for task_id in lost_tasks(now).values_list("pk", flat=True)[:100]:
        with transaction.atomic():
            row = (
                lost_tasks(now)
                .filter(pk=task_id)
                .select_for_update(skip_locked=True, of=("self",))
                .first()
            )
            if row is None:  # finished, or reaped by another worker, meanwhile
                continue
            found += 1
            _requeue_or_fail(row)
    return found


def _requeue_or_fail(row):
    Lease.objects.filter(task_id=row.pk).delete()
    runs = len(row.worker_ids)
    try:
        most = max(policy_of(row.task).most_runs(), settings.TASKS_MAX_LOST_RUNS)
    except Exception:  # the task's code is gone: nothing can run it again
        most = 0
    message = f"WorkerLost: worker {row.worker_ids[-1] if row.worker_ids else '?'} stopped "
    message += f"during run {runs} (no heartbeat for {settings.TASKS_LEASE_SECONDS} s).\n"
    fields = {"exception_class_path": WORKER_LOST, "traceback": message}
    if runs < most:
        logger.warning("Task %s lost its worker; queued again (run %d of %d)", row.pk, runs, most)
        fields |= {"status": TaskResultStatus.READY, "run_after": timezone.now()}
    else:
        logger.error("Task %s lost its worker %d times; failed", row.pk, runs)
        fields |= {"status": TaskResultStatus.FAILED, "finished_at": timezone.now()}
    DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(**fields)


class Heartbeat(threading.Thread):
    """Renews the lease of the task the worker is running, and reaps for everyone.

    A thread of its own, so a long task (a large image, a batch of emails) keeps its lease
    while it works. It has its own database connection, as every thread does.
    """

    def __init__(self, worker_id):
        super().__init__(name="task-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.current = None  # the task id being run, set by the worker
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(settings.TASKS_HEARTBEAT_SECONDS):
            self.beat()
        connection.close()

    def beat(self):
        close_old_connections()
        try:
            task_id = self.current
            if task_id is not None and not renew(task_id, self.worker_id):
                logger.warning("Task %s: this worker's lease was taken back", task_id)
            reap()
        except OperationalError:
            # SQLite busy with a long write: the lease outlasts several missed beats.
            logger.info("Heartbeat skipped: database busy", exc_info=True)

    def stop(self):
        self.stopping.set()
