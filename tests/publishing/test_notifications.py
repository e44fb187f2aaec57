"""Emails about work in review and publishing: who hears, what it links to, who opts out.

Mail goes through the task queue (immediate in tests) to a real SMTP server on loopback;
a last test runs a real worker process against the database queue.
"""

import pytest
from django.contrib.auth.models import Permission

from accounts.models import NotificationPreference
from articles.models import Article
from publishing import workflow
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import ArticleFactory, PersonFactory, UserFactory
from tests.helpers.forms import form_data
from tests.helpers.workers import wait_until

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/accounts/notifications/"


def inboxes(sink):
    return sorted(rcpt for rcpts, _ in sink.received for rcpt in rcpts)


def body(message):
    return message.get_content()


@pytest.fixture
def editors(db):
    return [
        UserFactory(
            username=f"ed{n}", email=f"ed{n}@example.org", is_staff=True, groups=["Editors"]
        )
        for n in (1, 2)
    ]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the notifications), as a real request's end does."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_submitting_for_review_emails_each_editor_a_link(
    staff_client, staff_user, editors, smtp_sink, committed
):
    staff_user.email = "writer@example.org"
    staff_user.save()

    response = committed(
        lambda: staff_client.post(f"{ARTICLES}add/", article_form(_submit="Submit for review"))
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert inboxes(smtp_sink) == ["ed1@example.org", "ed2@example.org"]
    message = smtp_sink.messages[0]
    assert message["Subject"] == f"For review: “{article.title}”"
    assert f"http://testserver/admin/articles/article/{article.pk}/change/" in body(message)
    assert "http://testserver/accounts/notifications/" in body(message)


def test_an_editor_who_turned_notifications_off_gets_none(
    client, staff_user, editors, smtp_sink, committed
):
    client.force_login(editors[0])
    response = client.post(NOTIFICATIONS, {})  # the box unticked
    assert response.status_code == 302
    assert not NotificationPreference.objects.get(user=editors[0]).workflow_emails
    draft = ArticleFactory(draft=True, authors=[staff_user.person])

    committed(lambda: workflow.submit(draft, staff_user))

    assert inboxes(smtp_sink) == ["ed2@example.org"]


def test_turning_them_back_on_is_the_same_page(client, editors):
    client.force_login(editors[0])
    client.post(NOTIFICATIONS, {})
    page = client.get(NOTIFICATIONS)
    assert 'name="workflow_emails"' in page.content.decode()
    client.post(NOTIFICATIONS, {"workflow_emails": "on"})
    assert NotificationPreference.objects.get(user=editors[0]).workflow_emails


def test_the_preferences_page_needs_a_login(client):
    response = client.get(NOTIFICATIONS)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_publishing_emails_the_authors_with_the_public_link(
    editor_client, editors, smtp_sink, committed
):
    author = UserFactory(username="author", email="author@example.org")
    no_account = PersonFactory()
    article = ArticleFactory(
        status="in_review", published_at=None, authors=[PersonFactory(user=author), no_account]
    )
    data = form_data(editor_client.get(f"{ARTICLES}{article.pk}/change/"), _publish="Publish now")

    committed(lambda: editor_client.post(f"{ARTICLES}{article.pk}/change/", data))

    assert inboxes(smtp_sink) == ["author@example.org"]
    message = smtp_sink.messages[0]
    assert message["Subject"] == f"Published: “{article.title}”"
    assert f"http://testserver/articles/{article.slug}/" in body(message)


def test_sending_back_tells_the_authors_why(editors, smtp_sink, committed):
    author = UserFactory(username="author", email="author@example.org")
    article = ArticleFactory(
        status="in_review", published_at=None, authors=[PersonFactory(user=author)]
    )

    committed(lambda: workflow.send_back(article, editors[0], "Cite the treaty text."))

    message = smtp_sink.messages[0]
    assert inboxes(smtp_sink) == ["author@example.org"]
    assert message["Subject"] == f"Sent back: “{article.title}”"
    assert "Cite the treaty text." in body(message)
    assert f"/admin/articles/article/{article.pk}/change/" in body(message)


def test_nobody_is_told_of_their_own_change(editors, smtp_sink, committed):
    article = ArticleFactory(
        status="in_review", published_at=None, authors=[PersonFactory(user=editors[0])]
    )

    committed(lambda: workflow.publish(article, editors[0]))

    assert inboxes(smtp_sink) == []


def test_only_those_who_may_publish_that_kind_hear_of_submissions(
    staff_user, editors, smtp_sink, committed
):
    UserFactory(username="other-staff", email="staff@example.org", is_staff=True, groups=["Staff"])
    direct = UserFactory(username="direct", email="direct@example.org")
    direct.user_permissions.add(Permission.objects.get(codename="publish_article"))
    UserFactory(username="gone", email="gone@example.org", is_active=False, groups=["Editors"])
    draft = ArticleFactory(draft=True, authors=[staff_user.person])

    committed(lambda: workflow.submit(draft, staff_user))

    assert inboxes(smtp_sink) == ["direct@example.org", "ed1@example.org", "ed2@example.org"]


def test_a_rolled_back_change_sends_nothing(staff_user, editors, smtp_sink, committed):
    from django.db import transaction

    draft = ArticleFactory(draft=True, authors=[staff_user.person])

    def submit_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.submit(draft, staff_user)
            raise RuntimeError

    committed(submit_then_fail)

    assert inboxes(smtp_sink) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("task_queue")
def test_a_worker_sends_the_queued_notification(processes, smtp_sink, staff_user, editors):
    draft = ArticleFactory(draft=True, authors=[staff_user.person])

    workflow.submit(draft, staff_user)
    assert smtp_sink.received == []  # queued, not sent by the request

    processes("run_worker", "--interval", "0.1", "--no-startup-delay", **smtp_sink.environment())
    wait_until(lambda: len(smtp_sink.received) == 2, timeout=30, message="two notifications")
    assert inboxes(smtp_sink) == ["ed1@example.org", "ed2@example.org"]


def test_scheduling_tells_the_authors_when(editors, smtp_sink, committed):
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.formats import date_format

    author = UserFactory(username="author", email="author@example.org")
    article = ArticleFactory(
        status="in_review", published_at=None, authors=[PersonFactory(user=author)]
    )

    at = timezone.now() + timedelta(days=3)

    committed(lambda: workflow.schedule(article, editors[0], at))

    [message] = smtp_sink.messages
    assert message["Subject"] == f"Scheduled: “{article.title}”"
    when = date_format(timezone.localtime(at), "j F Y, H:i T")
    assert f"it goes live on {when}." in body(message)
