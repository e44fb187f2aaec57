"""The newsletter's periodic jobs (registered with the scheduler in apps.py)."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from .models import Subscriber


@task
def purge_unconfirmed():
    """Forget addresses that signed up but never confirmed, once their link has expired.

    Nobody agreed to anything for them, and the link can no longer make them subscribers.
    """
    cutoff = timezone.now() - timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)
    deleted, _ = Subscriber.objects.pending().filter(created_at__lt=cutoff).delete()
    return deleted


@task
def send_scheduled():
    """Send the mailings whose scheduled time has come (checked every minute)."""
    from .delivery import start_sending
    from .models import Mailing

    due = Mailing.objects.filter(
        status=Mailing.Status.SCHEDULED, scheduled_for__lte=timezone.now()
    ).order_by("scheduled_for")
    sent = 0
    for mailing in due:
        sent += start_sending(mailing, mailing.created_by, "As scheduled")
    return sent
