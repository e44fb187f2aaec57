"""Editors see background tasks and their errors, and run failed ones again."""

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.helpers.tasks import adds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("task_queue")]

LIST = "/admin/tasks/backgroundtask/"


def failed_task():
    row = DBTaskResult.objects.get(pk=adds.enqueue(1, 2).id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.FAILED,
        worker_ids=["w1", "w2"],
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPServerDisconnected",
        traceback="Traceback …\nsmtplib.SMTPServerDisconnected: Connection unexpectedly closed\n",
    )
    return row


def test_editors_see_failed_tasks_with_their_error(editor_client):
    row = failed_task()
    listing = editor_client.get(f"{LIST}?status__exact=FAILED").content.decode()
    assert "adds" in listing
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in listing
    page = editor_client.get(f"{LIST}{row.pk}/change/").content.decode()
    assert "<pre>Traceback" in page
    assert "args_kwargs" not in page  # arguments can hold secret links: superusers only


def test_run_again_queues_a_failed_task_with_a_fresh_count(editor_client):
    row = failed_task()
    response = editor_client.post(LIST, {"action": "run_again", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.worker_ids == []
    assert row.run_after <= timezone.now()
    assert DBTaskResult.objects.ready().filter(pk=row.pk).exists()


def test_staff_without_the_permission_see_no_tasks(staff_client):
    failed_task()
    assert staff_client.get(LIST).status_code == 403


def test_the_admin_index_lists_background_tasks_for_editors(editor_client):
    index = editor_client.get("/admin/").content.decode()
    assert "Background tasks" in index
    assert "Scheduled jobs" in index
