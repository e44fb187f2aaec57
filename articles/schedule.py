"""When the next scheduled change readers see happens, for the content cache: an article
or an update going public, or an article expiring."""

from core.cache import moments

from .models import Article, Update


def scheduled_moments(now):
    """The publish and expiry times after `now` of published articles, and the publish
    times of updates, as querysets the content cache asks together with other apps'."""
    return [
        *Article.objects.scheduled_moments(now),
        moments(Update.objects.filter(published_at__gt=now), "published_at"),
    ]


def next_scheduled_time(now):
    """The first of those times, or None if nothing is scheduled."""
    first, *rest = scheduled_moments(now)
    row = first.union(*rest).order_by("moment").first()
    return row[0] if row else None
