"""Times as the admin tells them to editors: "7 December 2026, 09:00 (Asia/Karachi)"."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil


def long_when(moment, *, zone=True):
    """The moment in the site's time zone, named unless `zone` is False."""
    text = date_format(timezone.localtime(moment), "j F Y, H:i")
    return f"{text} ({timezone.get_current_timezone_name()})" if zone else text


def relative(moment):
    """'in 3 days' or '2 hours ago'."""
    now = timezone.now()
    if moment > now:
        return f"in {timeuntil(moment, now)}"
    return f"{timeuntil(now, moment)} ago"
