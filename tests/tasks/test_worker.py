"""The worker's outcomes (success, retry with backoff, failure), its lease, and the reaper.

The worker runs in this process here, on rows the test claims for it; tests/tasks/
test_processes.py runs real worker processes.
"""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tasks import leases, worker
from tasks.models import Lease
from tests.helpers.tasks import adds, flaky, reaped_while_running

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("task_queue")]


@pytest.fixture
def run(monkeypatch, settings):
    """Claim a queued task as a worker would, and run it with LeasedWorker.run_task."""
    settings.TASKS_RETRY_SECONDS = 30
    # Inside the test's transaction, checking connections would end it.
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    runner = worker.LeasedWorker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="worker-1",
    )
    runner.heartbeat = leases.Heartbeat("worker-1")  # not started: no thread in these tests

    def run(result):
        row = DBTaskResult.objects.get(pk=result.id)
        row.claim(runner.worker_id)
        runner.run_task(row)
        row.refresh_from_db()
        return row

    return run


def test_a_task_that_succeeds_records_its_value_and_leaves_no_lease(run):
    row = run(adds.enqueue(2, 3))
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 5
    assert not Lease.objects.exists()


def test_a_passing_error_puts_the_task_back_with_a_growing_delay(run):
    result = flaky.enqueue("refused")
    before = timezone.now()
    row = run(result)
    assert row.status == TaskResultStatus.READY
    assert "ConnectionRefusedError" in row.traceback
    assert timedelta(seconds=23) < row.run_after - before < timedelta(seconds=37)

    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
    row = run(result)
    assert row.status == TaskResultStatus.READY
    assert timedelta(seconds=47) < row.run_after - timezone.now() < timedelta(seconds=73)

    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
    row = run(result)  # the third of three runs
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ConnectionRefusedError"
    assert len(row.worker_ids) == 3


def test_a_lasting_error_fails_the_task_at_once(run):
    row = run(flaky.enqueue("broken"))
    assert row.status == TaskResultStatus.FAILED
    assert "ValueError: broken" in row.traceback


def test_a_worker_that_lost_its_lease_does_not_overwrite_the_task(run):
    row = run(reaped_while_running.enqueue())
    assert row.status == TaskResultStatus.READY
    assert row.return_value is None


def running(worker_ids, lease_expires=None, started=None):
    row = DBTaskResult.objects.get(pk=adds.enqueue(1, 2).id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=worker_ids,
        started_at=started or timezone.now(),
    )
    if lease_expires:
        Lease.objects.create(task=row, worker_id=worker_ids[-1], held_until=lease_expires)
    return row


def test_the_reaper_queues_again_the_tasks_of_dead_workers(settings):
    settings.TASKS_MAX_LOST_RUNS = 3
    past, future = timezone.now() - timedelta(seconds=1), timezone.now() + timedelta(minutes=1)
    dead = running(["w1"], lease_expires=past)
    alive = running(["w2"], lease_expires=future)
    never_leased = running(["w3"], started=timezone.now() - timedelta(hours=1))
    lost_too_often = running(["w1", "w2", "w3"], lease_expires=past)

    assert leases.reap() == 3

    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert status[dead.pk] == status[never_leased.pk] == TaskResultStatus.READY
    assert status[alive.pk] == TaskResultStatus.RUNNING
    assert status[lost_too_often.pk] == TaskResultStatus.FAILED
    failed = DBTaskResult.objects.get(pk=lost_too_often.pk)
    assert failed.exception_class_path == leases.WORKER_LOST
    assert "stopped during run 3" in failed.traceback
    assert list(Lease.objects.values_list("task_id", flat=True)) == [alive.pk]
