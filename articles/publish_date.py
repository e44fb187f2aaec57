"""A published item always has a publish date: readers' lists, feeds and the admin's
"Scheduled for …" label all read it. The database enforces it; saving fills it in."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


def publish_date_required(model_name):
    return models.CheckConstraint(
        condition=~Q(status="published") | Q(published_at__isnull=False),
        name=f"published_{model_name}_has_publish_date",
        violation_error_message=f"Give the {model_name} a publish date, or make it a draft.",
    )


def stamp_publish_date(item):
    """Published with the date left empty means published now."""
    if item.status == "published" and item.published_at is None:
        item.published_at = timezone.now()
