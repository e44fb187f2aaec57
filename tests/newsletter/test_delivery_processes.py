"""Real workers sending a mailing: killed mid-batch, and a mail server that goes away.

The tests commit what they write (`transaction=True`), so the worker processes see it.
"""

from collections import Counter

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsletter.delivery import start_sending
from newsletter.models import Delivery
from tests.helpers.factories import ArticleFactory, SubscriberFactory
from tests.helpers.mailings import MAILINGS, a_mailing
from tests.helpers.smtp import SMTPSink, free_port
from tests.helpers.workers import wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("task_queue"),
]

WORKER = ("run_worker", "--interval", "0.1", "--no-startup-delay")
BATCH = 30
State = Delivery.State


def states():
    return Counter(Delivery.objects.values_list("state", flat=True))


def settled():
    """True once no delivery is queued or being sent."""
    current = states()
    return current and not (current[State.QUEUED] or current[State.SENDING])


def worker_env(sink, tmp_path, **extra):
    return {
        **sink.environment(),
        "NEWSLETTER_BATCH_SIZE": str(BATCH),
        "CACHE_DIR": str(tmp_path / "cache"),  # the send rate's counter, shared by workers
        **extra,
    }


def test_a_worker_killed_mid_batch_sends_nobody_a_second_copy(processes, smtp_sink, tmp_path):
    SubscriberFactory.create_batch(3 * BATCH)
    start_sending(a_mailing([ArticleFactory()]), None)
    # Slowly, so the kill lands in the middle of a batch.
    first = processes(*WORKER, **worker_env(smtp_sink, tmp_path, NEWSLETTER_SEND_RATE="15"))
    smtp_sink.wait_for(8, timeout=30)
    first.kill()
    assert states()[State.SENDING]  # a batch was cut short

    processes(*WORKER, **worker_env(smtp_sink, tmp_path))
    wait_until(settled, timeout=60, message="every delivery settled")

    copies = Counter(rcpt for rcpts, _ in smtp_sink.received for rcpt in rcpts)
    assert max(copies.values()) == 1
    final = states()
    assert set(final) <= {State.SENT, State.UNCERTAIN}
    assert 0 < final[State.UNCERTAIN] <= BATCH
    sent = Delivery.objects.filter(state=State.SENT).values_list("subscriber__email", flat=True)
    assert all(copies[address] == 1 for address in sent)


def test_mail_server_down_then_send_again_reaches_everyone_exactly_once(
    processes, superuser_client, tmp_path
):
    sink = SMTPSink(free_port())  # nothing listens yet: connections are refused
    SubscriberFactory.create_batch(2 * BATCH + 5)
    mailing = a_mailing([ArticleFactory()])
    start_sending(mailing, None)
    worker = processes(*WORKER, **worker_env(sink, tmp_path))
    try:
        wait_until(
            lambda: states() == Counter({State.FAILED: 2 * BATCH + 5}),
            timeout=60,
            message="every delivery failed after the retries",
        )
        batches = DBTaskResult.objects.filter(task_path__endswith="send_batch")
        wait_until(
            lambda: set(batches.values_list("status", flat=True)) == {TaskResultStatus.FAILED},
            message="the batch tasks failed",
        )
        page = superuser_client.get(f"{MAILINGS}{mailing.pk}/change/").content.decode()
        assert f"Failed: {2 * BATCH + 5}" in page and "Send again" in page

        sink.start()  # the server is back
        response = superuser_client.post(f"{MAILINGS}{mailing.pk}/send-again/", follow=True)
        assert "Nobody who got it already gets a second copy" in response.content.decode()
        wait_until(
            lambda: states() == Counter({State.SENT: 2 * BATCH + 5}),
            timeout=60,
            message="every delivery sent",
        )
        copies = Counter(rcpt for rcpts, _ in sink.received for rcpt in rcpts)
        assert len(copies) == 2 * BATCH + 5 and set(copies.values()) == {1}

        again = superuser_client.post(f"{MAILINGS}{mailing.pk}/send-again/", follow=True)
        assert "No failed messages" in again.content.decode()
    finally:
        worker.stop()
        sink.stop()
