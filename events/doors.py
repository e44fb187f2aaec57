"""Every public door where readers could see an event (see publishing/doors.py).

Registered in EventsConfig.ready(). Lists, feeds, calendars, search and the sitemap join
this list as they are built, and the publishing contract test then checks each.
"""

from django.urls import reverse

from publishing.doors import Door

from .models import Event

DOORS = [
    # Its own address.
    Door("events:detail", Event.get_absolute_url),
    # Registering for it, and the page after: 200 while it is live, 404 once it is not.
    Door("events:register", lambda event: reverse("events:register", args=[event.slug])),
    Door("events:check-inbox", lambda event: reverse("events:check-inbox", args=[event.slug])),
]
