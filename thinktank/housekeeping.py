"""Periodic jobs for what the project itself keeps (registered in apps.py)."""

from django.contrib.sessions.models import Session
from django.tasks import task
from django.utils import timezone


@task
def clear_expired_sessions():
    """Delete expired log-in sessions (what `manage.py clearsessions` does), daily."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
