"""When the next scheduled change readers see happens, for the content cache."""

from .models import Event


def next_scheduled_time(now):
    """The first publish or expiry time after `now` of a published event; None if none."""
    published = Event.objects.filter(status=Event.Status.PUBLISHED).order_by()
    return (
        published.filter(published_at__gt=now)
        .values_list("published_at", flat=True)
        .union(published.filter(expires_at__gt=now).values_list("expires_at", flat=True))
        .order_by("published_at")
        .first()
    )
