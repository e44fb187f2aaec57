"""Every public door where readers could see an event (see publishing/doors.py).

Registered in EventsConfig.ready(). Lists, feeds, calendars, search and the sitemap join
this list as they are built, and the publishing contract test then checks each.
"""

from publishing.doors import Door

from .models import Event

DOORS = [
    # Its own address.
    Door("events:detail", Event.get_absolute_url),
]
