"""When the next scheduled change readers see happens, for the content cache: an article
or an update going public, or an article expiring."""

from .models import Article, Update


def next_scheduled_time(now):
    """The first publish or expiry time after `now` of a published article, or the first
    publish time of an update; None if nothing is scheduled."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED).order_by()
    scheduled = (
        published.filter(published_at__gt=now)
        .values_list("published_at", flat=True)
        .union(
            published.filter(expires_at__gt=now).values_list("expires_at", flat=True),
            Update.objects.filter(published_at__gt=now)
            .order_by()
            .values_list("published_at", flat=True),
        )
        .order_by("published_at")
    )
    return scheduled.first()
