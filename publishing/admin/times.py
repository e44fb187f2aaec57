"""Times as the admin tells them to editors: "7 December 2026, 09:00 (Asia/Karachi)"."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil


def long_when(moment, *, zone=True):
    """The moment in the site's time zone, named unless `zone` is False."""
    text = date_format(timezone.localtime(moment), "j F Y, H:i")
    return f"{text} ({timezone.get_current_timezone_name()})" if zone else text


def relative(moment):
    """'in 7 days', 'in 3 hours', '2 days ago': whole days up to two months, as editors
    count a deadline (Django's own wording says "1 week")."""
    now = timezone.now()
    future = moment > now
    days = abs((moment - now).days) if future else (now - moment).days
    if 1 <= days < 60:
        text = f"{days}\xa0day{'s' if days != 1 else ''}"
    else:
        text = timeuntil(moment, now) if future else timeuntil(now, moment)
    return f"in {text}" if future else f"{text} ago"
