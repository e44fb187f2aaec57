"""A committed change queues a purge of its tags on the "frontcache" queue, when a front
cache is configured; a worker runs it, retrying a front cache that fails, and the request
that made the change never waits for it nor fails because of it."""

import logging
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.cache import bump
from frontcache import tasks
from tasks.management.commands import run_with_workers
from tests.helpers.admin import ARTICLES
from tests.helpers.factories import ArticleFactory, TopicFactory
from tests.helpers.forms import form_data
from tests.helpers.purge_server import PurgeServer
from tests.helpers.startup import run_settings
from tests.helpers.workers import wait_until


@pytest.fixture
def varnish(settings):
    settings.FRONTCACHE_BACKEND = "varnish"
    settings.FRONTCACHE_VARNISH_URLS = ["http://127.0.0.1:8180"]
    settings.FRONTCACHE_REPURGE_SECONDS = 0.5


def queued():
    return list(DBTaskResult.objects.filter(queue_name="frontcache").order_by("run_after"))


@pytest.mark.django_db
@pytest.mark.usefixtures("task_queue")
class TestTheListener:
    def test_without_a_front_cache_a_change_queues_nothing(self, settings, commit):
        settings.FRONTCACHE_BACKEND = "none"
        with commit():
            bump("article:1", "home")
        assert queued() == []

    @pytest.mark.usefixtures("varnish")
    def test_a_committed_change_queues_its_purge_now_and_again_half_a_second_later(self, commit):
        with commit():
            bump("article:1", "home")
            assert queued() == []  # nothing before the commit: readers cannot see it yet
        rows = queued()
        for row in rows:
            assert row.task_path == "frontcache.tasks.purge"
            assert row.args_kwargs["args"] == [["article:1", "home"]]
            assert row.status == TaskResultStatus.READY
        (now,) = [row for row in rows if row.task.run_after is None]
        (again,) = [row for row in rows if row.task.run_after is not None]
        delay = again.task.run_after - now.enqueued_at
        assert timedelta(seconds=0.4) < delay < timedelta(seconds=1)

    @pytest.mark.usefixtures("varnish")
    def test_a_rolled_back_change_purges_nothing(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False):
            bump("article:1")
        assert queued() == []

    @pytest.mark.usefixtures("varnish")
    def test_a_failure_to_queue_is_logged_and_never_reaches_the_request(
        self, commit, monkeypatch, caplog
    ):
        class Unqueueable:
            def enqueue(self, *args):
                raise ConnectionError("database gone")

        monkeypatch.setattr(tasks, "purge", Unqueueable())
        with caplog.at_level(logging.ERROR, logger="frontcache"), commit():
            bump("article:1")
        assert "Could not queue the front cache purge of article:1" in caplog.text

    @pytest.mark.usefixtures("varnish")
    def test_publishing_in_the_admin_queues_the_purge_of_the_pages_showing_the_article(
        self, editor_client, commit
    ):
        topic = TopicFactory()
        draft = ArticleFactory(draft=True, topics=[topic])
        url = f"{ARTICLES}{draft.pk}/change/"
        with commit():
            response = editor_client.post(
                url, form_data(editor_client.get(url), _publish="Publish now")
            )
        assert response.status_code == 302
        purged = set(queued()[0].args_kwargs["args"][0])
        # The topic's hub lists it; the topic's name, on every page that shows it, is unchanged.
        assert {f"article:{draft.pk}", f"topic-items:{topic.pk}", "list:articles"} <= purged
        assert f"topic:{topic.pk}" not in purged


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("task_queue", "varnish")
def test_a_worker_retries_a_failed_purge_until_the_front_cache_confirms(processes):
    varnish = PurgeServer(statuses=[503, 503]).start()
    try:
        result = tasks.purge.enqueue(["article:7"])
        worker = processes(
            *("run_worker", "--queue-name", "frontcache", "--interval", "0.1"),
            "--no-startup-delay",
            FRONTCACHE_BACKEND="varnish",
            FRONTCACHE_VARNISH_URLS=varnish.url,
            FRONTCACHE_RETRY_SECONDS="0.2",
        )
        attempts = varnish.wait_for(3)
        row = wait_until(
            lambda: DBTaskResult.objects.filter(pk=result.id, status="SUCCESSFUL").first(),
            message="the purge to succeed",
        )
    finally:
        varnish.stop()
    assert [request.headers["xkey-purge"] for request in attempts] == ["article:7"] * 3
    assert len(row.worker_ids) == 3
    assert "Varnish answered 503 to PURGE" in worker.output()


def test_the_front_cache_is_off_unless_settings_choose_one():
    shown = run_settings(
        {"DJANGO_DEBUG": "1"},
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.FRONTCACHE_BACKEND, settings.TASKS_QUEUE_WORKERS)",
    )
    assert shown.stdout.split() == ["none", "{}"]


def test_a_front_cache_without_its_address_stops_start_up_with_a_clear_message():
    started = run_settings({"DJANGO_DEBUG": "1", "FRONTCACHE_BACKEND": "varnish"})
    assert started.returncode != 0
    assert "FRONTCACHE_BACKEND=varnish needs FRONTCACHE_VARNISH_URLS" in started.stderr


def test_with_a_front_cache_its_queue_gets_a_worker_that_looks_ten_times_a_second(
    settings, monkeypatch
):
    settings.TASKS_QUEUE_WORKERS = {"frontcache": 0.1}
    started = []
    monkeypatch.setattr(run_with_workers, "supervise", lambda commands: started.extend(commands))
    with pytest.raises(SystemExit):
        call_command("run_with_workers", "--also", "deploy/varnish/start", "--", "gunicorn")
    manage = [sys.executable, sys.argv[0]]
    quick = ["--interval", "0.1", "--no-startup-delay"]
    assert started == [
        ["gunicorn"],
        ["deploy/varnish/start"],
        [*manage, "run_worker"],
        [*manage, "run_worker", "--queue-name", "frontcache", *quick],
        [*manage, "run_scheduler"],
    ]


def test_a_purge_queued_before_the_front_cache_was_turned_off_does_nothing(settings):
    settings.FRONTCACHE_BACKEND = "none"
    assert tasks.purge.call(["article:1"]) == 0
    assert timezone.now()  # the task needs no database either
