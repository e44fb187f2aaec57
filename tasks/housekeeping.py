"""The queue's own periodic job: finished tasks do not pile up."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


@task
def prune_finished():
    """Delete tasks that succeeded more than TASKS_KEEP_DAYS ago.

    Failed ones stay until an editor runs them again or deletes them.
    """
    cutoff = timezone.now() - timedelta(days=settings.TASKS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.successful().filter(finished_at__lt=cutoff).delete()
    return deleted
