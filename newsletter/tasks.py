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
