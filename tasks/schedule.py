"""Periodic jobs: apps register them in `ready()`, and `manage.py run_scheduler` enqueues each
one when it is due.

    from tasks import schedule
    schedule.register("newsletter.purge_unconfirmed", purge_unconfirmed, schedule.daily(time(4)))

A job is a task (from `django.tasks.task`) and a schedule: `every(minutes=5)`,
`daily(time(4))` or `weekly(MONDAY, time(8))`, in the site's time zone. Each job's next
run is kept in the database (`ScheduledJob`), so a restart neither repeats nor skips a
run; a scheduler that was down enqueues a missed job once, not once per missed slot.

Only one scheduler acts at a time, whichever holds the lock row (`SchedulerLock`) and
renews it; the others wait to take over. Each enqueue also moves the job's next run in
the same transaction, only if no one moved it first, so even two schedulers acting at
once could not enqueue one slot twice.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

from .models import ScheduledJob, SchedulerLock

logger = logging.getLogger(__name__)

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
LOCK = "scheduler"


@dataclass(frozen=True)
class Every:
    interval: timedelta

    def next_after(self, moment):
        return moment + self.interval


@dataclass(frozen=True)
class Weekly:
    """At `at` (local time) on each day of `weekdays` (Monday is 0)."""

    at: time
    weekdays: tuple = tuple(range(7))

    def next_after(self, moment):
        local = timezone.localtime(moment)
        for days in range(8):
            day = local.date() + timedelta(days=days)
            candidate = timezone.make_aware(datetime.combine(day, self.at))
            if day.weekday() in self.weekdays and candidate > moment:
                return candidate
        raise ValueError("no weekday given")  # pragma: no cover - weekdays is never empty


def every(**interval):
    return Every(timedelta(**interval))


def daily(at):
    return Weekly(at)


def weekly(weekday, at):
    return Weekly(at, (weekday,))


@dataclass(frozen=True)
class Job:
    name: str
    task: Task
    schedule: Every | Weekly
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


_jobs = {}


def register(name, task, schedule, *args, **kwargs):
    """Run `task(*args, **kwargs)` on `schedule`. Call from an AppConfig's `ready()`."""
    _jobs[name] = Job(name, task, schedule, args, kwargs)


def jobs():
    return dict(_jobs)


def acquire(holder, seconds, now=None):
    """Take or renew the scheduler lock for `seconds`; True if `holder` has it now."""
    now = now or timezone.now()
    until = now + timedelta(seconds=seconds)
    mine = SchedulerLock.objects.filter(name=LOCK, holder=holder).update(held_until=until)
    if mine:
        return True
    if SchedulerLock.objects.filter(name=LOCK, held_until__lt=now).update(
        holder=holder, held_until=until
    ):
        return True
    try:
        with transaction.atomic():
            SchedulerLock.objects.create(name=LOCK, holder=holder, held_until=until)
    except IntegrityError:
        return False  # another scheduler holds it
    return True


def release(holder):
    SchedulerLock.objects.filter(name=LOCK, holder=holder).delete()


def run_due(now=None):
    """Enqueue every job that is due; return the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in _jobs.values():
        state, created = ScheduledJob.objects.get_or_create(
            name=job.name, defaults={"next_run_at": job.schedule.next_after(now)}
        )
        if created or state.next_run_at > now:
            continue
        with transaction.atomic():
            moved = ScheduledJob.objects.filter(
                name=job.name, next_run_at=state.next_run_at
            ).update(next_run_at=job.schedule.next_after(now), last_enqueued_at=now)
            if not moved:
                continue  # another scheduler took this slot
            result = job.task.enqueue(*job.args, **job.kwargs)
            ScheduledJob.objects.filter(name=job.name).update(last_task_id=str(result.id))
        logger.info("Scheduled job %s enqueued as task %s", job.name, result.id)
        enqueued.append(job.name)
    return enqueued
