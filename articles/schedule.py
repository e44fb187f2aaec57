"""When the next scheduled article or update goes public, for the content cache."""

from .models import Article, Update


def next_scheduled_time(now):
    """The first publish time after `now` of a published article or an update, or None."""
    scheduled = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by()
        .values_list("published_at", flat=True)
        .union(
            Update.objects.filter(published_at__gt=now)
            .order_by()
            .values_list("published_at", flat=True)
        )
        .order_by("published_at")
    )
    return scheduled.first()
