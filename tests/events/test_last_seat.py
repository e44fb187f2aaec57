"""The last seat is never given twice: many readers confirm at the same moment, each in a
thread with its own database connection, and exactly the free seats are given.

PostgreSQL only: it is the production database, and its row locks (select_for_update) are
what this proves; SQLite writes one at a time anyway.
"""

import threading

import pytest
from django.db import connection, transaction

from events import registration as service
from events.models import Registration
from tests.helpers.factories import EventFactory, RegistrationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks"),
]

READERS = 8


def all_at_once(work, items):
    """Run `work(item)` for every item in threads released together; re-raise any error."""
    start = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            start.wait(timeout=10)
            with transaction.atomic():  # as a request is (ATOMIC_REQUESTS)
                work(item)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors


@pytest.mark.parametrize("free_seats", [1, 2])
def test_concurrent_confirmations_never_give_more_seats_than_are_free(free_seats):
    event = EventFactory(capacity=3)
    for _ in range(3 - free_seats):
        RegistrationFactory(event=event)
    waiting = [
        RegistrationFactory(event=event, status=Registration.Status.PENDING_CONFIRMATION)
        for _ in range(READERS)
    ]

    all_at_once(service.confirm, waiting)

    assert Registration.objects.seats_taken(event) == 3
    queued = Registration.objects.for_event(event).waitlist()
    assert queued.count() == READERS - free_seats
    # Each waiting reader has a place of their own in the queue.
    positions = list(queued.values_list("position", flat=True))
    assert sorted(positions) == list(range(1, READERS - free_seats + 1))


def test_concurrent_cancellations_promote_each_waiting_reader_once():
    event = EventFactory(capacity=4)
    seated = [RegistrationFactory(event=event) for _ in range(4)]
    for position in (1, 2, 3):
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, position=position)

    all_at_once(service.cancel, seated[:2])

    assert Registration.objects.seats_taken(event) == 4
    assert list(
        Registration.objects.for_event(event).waitlist().values_list("position", flat=True)
    ) == [3]
