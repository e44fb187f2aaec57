"""Tasks that exist only for tests; worker processes import them by path like any other."""

import time

from django.tasks import task

from tasks.email import send_email


@task(queue_name="email")
def slow_email(seconds, data):
    """Wait, then send `data` (tasks.email.message_to_data): long enough to kill the worker."""
    time.sleep(seconds)
    return send_email.call(data)
