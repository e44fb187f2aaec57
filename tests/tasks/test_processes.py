"""Real worker and scheduler processes against the test database (a few, as they are slow).

Each test commits what it writes (`transaction=True`), so the processes it starts see it.
"""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tasks.email import enqueue_email, message_to_data
from tasks.models import ScheduledJob
from tests.helpers.smtp import SMTPSink, free_port, text_part
from tests.helpers.tasks import slow_email
from tests.helpers.workers import wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("task_queue"),
]

WORKER = ("run_worker", "--interval", "0.1", "--no-startup-delay")


def a_message(n=1):
    return EmailMessage(f"Message {n}", f"Body {n}", to=[f"reader{n}@example.org"])


def status_of(result):
    return DBTaskResult.objects.get(pk=result.id).status


def test_a_worker_sends_a_queued_email_to_the_mail_server(smtp_sink, processes):
    result = enqueue_email(a_message())
    assert status_of(result) == TaskResultStatus.READY
    assert mail.outbox == [] and smtp_sink.messages == []  # nothing sent in the request

    processes(*WORKER, **smtp_sink.environment())

    (message,) = smtp_sink.wait_for(1)
    assert message["To"] == "reader1@example.org"
    assert message["Subject"] == "Message 1"
    assert text_part(message).strip() == "Body 1"
    wait_until(lambda: status_of(result) == TaskResultStatus.SUCCESSFUL, message="success")


def test_a_task_whose_worker_is_killed_is_run_again_by_another_worker(processes, smtp_sink):
    # The task sleeps long enough to be killed mid-run, then sends its email.
    result = slow_email.enqueue(2, message_to_data(a_message()))
    first = processes(*WORKER, **smtp_sink.environment())
    wait_until(lambda: status_of(result) == TaskResultStatus.RUNNING, message="running")
    first.kill()
    assert smtp_sink.messages == []

    processes(*WORKER, **smtp_sink.environment())

    (message,) = smtp_sink.wait_for(1, timeout=30)
    assert message["Subject"] == "Message 1"
    wait_until(lambda: status_of(result) == TaskResultStatus.SUCCESSFUL, message="success")
    row = DBTaskResult.objects.get(pk=result.id)
    assert len(row.worker_ids) == 2 and row.worker_ids[0] != row.worker_ids[1]


def test_mail_server_down_retries_then_fails_and_runs_again_from_the_admin(
    processes, superuser_client
):
    port = free_port()  # nothing listens here yet: connections are refused
    sink = SMTPSink(port)
    result = enqueue_email(a_message())
    worker = processes(*WORKER, **sink.environment())

    wait_until(lambda: status_of(result) == TaskResultStatus.FAILED, message="failure")
    row = DBTaskResult.objects.get(pk=result.id)
    assert len(row.worker_ids) == 3  # EMAIL_ATTEMPTS for these processes
    assert "ConnectionRefusedError" in row.traceback
    listing = superuser_client.get("/admin/tasks/backgroundtask/?status__exact=FAILED")
    assert "send_email" in listing.content.decode()
    assert "ConnectionRefusedError" in listing.content.decode()

    sink.start()  # the server is back
    try:
        response = superuser_client.post(
            "/admin/tasks/backgroundtask/",
            {"action": "run_again", "_selected_action": [str(result.id)]},
        )
        assert response.status_code == 302
        (message,) = sink.wait_for(1)
        assert message["Subject"] == "Message 1"
        wait_until(lambda: status_of(result) == TaskResultStatus.SUCCESSFUL, message="success")
    finally:
        worker.stop()
        sink.stop()


def test_of_two_schedulers_one_enqueues_each_due_job_once(processes):
    from datetime import timedelta

    from django.utils import timezone

    due = timezone.now() - timedelta(seconds=1)
    ScheduledJob.objects.create(name="tasks.prune_finished", next_run_at=due)
    one = processes("run_scheduler", "--interval", "0.1")
    two = processes("run_scheduler", "--interval", "0.1")

    wait_until(
        lambda: DBTaskResult.objects.filter(task_path__endswith="prune_finished").exists(),
        message="the job enqueued",
    )
    wait_until(lambda: "started" in one.output() and "started" in two.output(), message="both")
    assert DBTaskResult.objects.filter(task_path__endswith="prune_finished").count() == 1
    job = ScheduledJob.objects.get(name="tasks.prune_finished")
    assert job.next_run_at > timezone.now()
    assert job.last_task_id
