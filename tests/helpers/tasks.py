"""Tasks that exist only for tests; worker processes import them by path like any other."""

import time

from django.tasks import task

from tasks.email import send_email
from tasks.retry import retrying


@task(queue_name="email")
def slow_email(seconds, data):
    """Wait, then send `data` (tasks.email.message_to_data): long enough to kill the worker."""
    time.sleep(seconds)
    return send_email.call(data)


@task
@retrying(on=(ConnectionError,), attempts=3)
def flaky(error):
    """Raise `error` ("refused": a passing ConnectionRefusedError, else a lasting ValueError)."""
    raise ConnectionRefusedError() if error == "refused" else ValueError(error)


@task
def adds(a, b):
    return a + b


@task
def reaped_while_running():
    """As if the reaper took this task back mid-run (the worker stalled past its lease)."""
    from django_tasks_db.models import DBTaskResult

    from tasks.models import Lease

    Lease.objects.all().delete()
    DBTaskResult.objects.update(status="READY")
    return "done"
