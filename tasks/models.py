"""What the queue's own table (django-tasks-db's DBTaskResult) does not hold: who is running
a task and until when (the lease), when each periodic job runs next, and which scheduler
may act."""

from django.db import models
from django_tasks_db.models import DBTaskResult


class BackgroundTask(DBTaskResult):
    """The queue's rows as editors see them in the admin."""

    class Meta:
        proxy = True
        verbose_name = "background task"
        verbose_name_plural = "background tasks"
        permissions = [("run_again_backgroundtask", "Can run a failed background task again")]

    def __str__(self):
        return f"{self.task_name} ({self.get_status_display().lower()})"


class Lease(models.Model):
    """A running task's claim: its worker renews `held_until` while it works on it."""

    task = models.OneToOneField(
        DBTaskResult, on_delete=models.CASCADE, primary_key=True, related_name="lease"
    )
    worker_id = models.CharField(max_length=64)
    held_until = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["held_until"], name="tasks_lease_held_until_idx")]

    def __str__(self):
        return f"{self.worker_id} until {self.held_until:%H:%M:%S}"


class ScheduledJob(models.Model):
    """When a registered periodic job is next due, and what the scheduler last enqueued."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField("next run")
    last_enqueued_at = models.DateTimeField("last enqueued", null=True, blank=True)
    last_task_id = models.CharField("last task", max_length=64, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "scheduled job"

    def __str__(self):
        return self.name


class SchedulerLock(models.Model):
    """The one row that says which scheduler may act, and until when."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=64)
    held_until = models.DateTimeField()

    def __str__(self):
        return f"{self.name}: {self.holder}"
