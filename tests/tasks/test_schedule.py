"""The scheduler: when jobs come due, that each slot is enqueued once, and the lock."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tasks import schedule
from tasks.models import ScheduledJob
from tasks.schedule import MONDAY, acquire, daily, every, weekly

pytestmark = pytest.mark.django_db

# A Wednesday.
NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_schedules_give_the_next_time_after_a_moment():
    assert every(minutes=5).next_after(NOON) == NOON + timedelta(minutes=5)
    assert daily(time(13)).next_after(NOON) == NOON.replace(hour=13)
    assert daily(time(12)).next_after(NOON) == NOON + timedelta(days=1)  # strictly after
    assert weekly(MONDAY, time(8)).next_after(NOON) == datetime(2026, 12, 7, 8, tzinfo=UTC)


def test_times_of_day_are_the_sites_local_time(settings):
    settings.TIME_ZONE = "Europe/Paris"
    # 04:00 in Paris is 03:00 UTC in winter.
    assert daily(time(4)).next_after(NOON) == datetime(2026, 12, 3, 3, tzinfo=UTC)


@pytest.fixture
def queue_only_this_job(monkeypatch, task_queue):
    from tasks.housekeeping import prune_finished

    monkeypatch.setattr(schedule, "_jobs", {})
    schedule.register("prune", prune_finished, every(hours=1))


def enqueued():
    return DBTaskResult.objects.filter(task_path="tasks.housekeeping.prune_finished").count()


def test_a_new_job_waits_for_its_first_slot_then_runs_once_per_slot(queue_only_this_job):
    assert schedule.run_due(NOON) == []
    assert ScheduledJob.objects.get().next_run_at == NOON + timedelta(hours=1)
    assert schedule.run_due(NOON + timedelta(minutes=59)) == []
    assert schedule.run_due(NOON + timedelta(hours=1)) == ["prune"]
    assert schedule.run_due(NOON + timedelta(hours=1)) == []
    assert enqueued() == 1
    job = ScheduledJob.objects.get()
    assert job.next_run_at == NOON + timedelta(hours=2)
    assert DBTaskResult.objects.filter(pk=job.last_task_id).exists()


def test_a_scheduler_that_was_down_runs_a_missed_job_once(queue_only_this_job):
    schedule.run_due(NOON)
    a_day_later = NOON + timedelta(days=1)
    assert schedule.run_due(a_day_later) == ["prune"]
    assert schedule.run_due(a_day_later) == []
    assert ScheduledJob.objects.get().next_run_at == a_day_later + timedelta(hours=1)


def test_only_one_scheduler_holds_the_lock_until_it_lapses():
    assert acquire("one", 60, now=NOON)
    assert not acquire("two", 60, now=NOON + timedelta(seconds=30))
    assert acquire("one", 60, now=NOON + timedelta(seconds=30))  # renewed
    assert not acquire("two", 60, now=NOON + timedelta(seconds=89))
    assert acquire("two", 60, now=NOON + timedelta(seconds=91))  # "one" stopped renewing
    assert not acquire("one", 60, now=NOON + timedelta(seconds=92))


def test_apps_register_their_jobs():
    assert {
        "tasks.prune_finished",
        "newsletter.purge_unconfirmed",
        "thinktank.clear_expired_sessions",
    } <= set(schedule.jobs())


def test_the_housekeeping_jobs_delete_only_what_has_expired(settings):
    from newsletter.models import Subscriber
    from newsletter.tasks import purge_unconfirmed
    from tests.helpers.factories import SubscriberFactory

    old = timezone.now() - timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS + 1)
    stale = SubscriberFactory(email="stale@example.org", pending=True)
    Subscriber.objects.filter(pk=stale.pk).update(created_at=old)
    fresh = SubscriberFactory(email="fresh@example.org", pending=True)
    confirmed = SubscriberFactory(email="confirmed@example.org")
    confirmed.confirm([])
    Subscriber.objects.filter(pk=confirmed.pk).update(created_at=old)

    purge_unconfirmed.call()

    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        fresh.email,
        confirmed.email,
    }
