"""What an event page tells search engines: a schema.org Event, registered with seo."""

from seo.metadata import image_url, organization

from .display import FULL, OPEN, event_state
from .models import Event

ATTENDANCE = {
    Event.AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Event.AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.AttendanceMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
STATUS = {
    Event.EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    Event.EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    Event.EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}
AVAILABILITY = {
    OPEN: "https://schema.org/InStock",
    FULL: "https://schema.org/SoldOut",
}


def local_iso(moment):
    """In the event's own zone, with its offset, to the second."""
    return moment.replace(microsecond=0).isoformat()


def place(event):
    data = {"@type": "Place", "name": event.venue_name}
    if event.venue_address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": " ".join(event.venue_address.split()),
        }
    if event.map_url:
        data["hasMap"] = event.map_url
    return data


def performer(request, speaker):
    if not speaker.person_id:
        data = {"@type": "Person", "name": speaker.guest_name}
        if speaker.guest_affiliation:
            data["affiliation"] = {"@type": "Organization", "name": speaker.guest_affiliation}
        return data
    person = speaker.person
    data = {"@type": "Person", "name": person.name, "affiliation": organization(request)}
    if person.role:
        data["jobTitle"] = person.role
    if person.is_active:
        data["url"] = request.build_absolute_uri(person.get_absolute_url())
    return data


def event(request, event, speakers=None, state=None):
    url = request.build_absolute_uri(event.get_absolute_url())
    speakers = list(event.speakers.all()) if speakers is None else speakers
    state = state or event_state(event)
    locations = []
    if event.attendance_mode != Event.AttendanceMode.ONLINE:
        locations.append(place(event))
    if event.attendance_mode != Event.AttendanceMode.IN_PERSON:
        # The page, never the stream: that link is for confirmed registrants only.
        locations.append({"@type": "VirtualLocation", "url": url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": local_iso(event.local_starts_at),
        "endDate": local_iso(event.local_ends_at),
        "eventStatus": STATUS[event.event_status],
        "eventAttendanceMode": ATTENDANCE[event.attendance_mode],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organization(request),
        "performer": [performer(request, speaker) for speaker in speakers],
        "isAccessibleForFree": True,
    }
    if event.registration_mode != Event.RegistrationMode.NONE:
        offer = {"@type": "Offer", "price": 0, "priceCurrency": "USD", "url": url}
        if state in AVAILABILITY:
            offer["availability"] = AVAILABILITY[state]
        if event.registration_opens_at:
            offer["validFrom"] = local_iso(event.registration_opens_at.astimezone(event.zone))
        data["offers"] = offer
    if image := image_url(request, event.hero_image, event.hero_image_renditions, "hero"):
        data["image"] = [image]
    return data
