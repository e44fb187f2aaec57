"""Demo events: three upcoming and three past, with speakers from the demo experts.

Dates are set from the day the demo is loaded, so the upcoming ones are upcoming then.
One of each is hybrid; one past event has a recording (YouTube, no-cookie) and a
transcript; one upcoming roundtable is full, with confirmed seats and a waitlist.
"""

from datetime import timedelta

from django.utils import timezone

from events.models import Event, EventSpeaker, Registration
from publishing import workflow

SAMPLE_NOTE = "<p><em>Sample event for the demo site.</em></p>"
FULL_CAPACITY = 4
WAITLISTED = 2


def _day(days, hour, minute=0, zone="Asia/Karachi"):
    """`days` from today at hour:minute in `zone`, for the event's own clock."""
    local = timezone.localtime(timezone.now(), Event(time_zone=zone).zone) + timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def events():
    return upcoming_events() + past_events()


def upcoming_events():
    return [
        {
            "slug": "maritime-security-outlook-launch",
            "title": "Launch: Pakistan's maritime security outlook",
            "kind": Event.Kind.LAUNCH,
            "summary": "Our fellows present the new maritime security outlook, followed by a "
            "discussion with guests from the shipping industry.",
            "starts": _day(12, 10, 30),
            "hours": 2,
            "attendance_mode": Event.AttendanceMode.HYBRID,
            "venue_name": "Islamabad Serena Hotel, Marquee Hall",
            "venue_address": "Khayaban-e-Suharwardy\nIslamabad 44000\nPakistan",
            "map_url": "https://www.openstreetmap.org/?mlat=33.7186&mlon=73.0875#map=17/33.7186/73.0875",
            "stream_url": "https://example.org/demo-stream/maritime-outlook",
            "capacity": 120,
            "speakers": ["amina-rahman", "tariq-mehmood"],
            "guests": [("Captain (retd) Nadia Shah", "Karachi Port Users' Association", "speaker")],
            "topics": ["maritime-security", "defence-cooperation"],
            "regions": ["south-asia", "gulf"],
        },
        {
            "slug": "indus-water-climate-roundtable",
            "title": "Roundtable: water, climate and the Indus",
            "kind": Event.Kind.ROUNDTABLE,
            "summary": "A small roundtable on water security in the Indus basin. Seats are "
            "few; the waitlist is open.",
            "starts": _day(20, 15),
            "hours": 2,
            "venue_name": "Thinktank seminar room",
            "venue_address": "Street 5, F-6/3\nIslamabad",
            "capacity": FULL_CAPACITY,
            "full": True,
            "speakers": ["farid-qasim"],
            "guests": [
                ("Dr Saima Qureshi", "Pakistan Council of Research in Water Resources", "speaker")
            ],
            "topics": ["energy-security", "civil-conflict"],
            "regions": ["south-asia"],
        },
        {
            "slug": "gulf-mediation-webinar",
            "title": "Webinar: the Gulf states as mediators",
            "kind": Event.Kind.WEBINAR,
            "summary": "Why Gulf capitals now broker ceasefires, and what they ask in return.",
            "starts": _day(30, 14, zone="Asia/Dubai"),
            "zone": "Asia/Dubai",
            "hours": 1,
            "attendance_mode": Event.AttendanceMode.ONLINE,
            "stream_url": "https://example.org/demo-stream/gulf-mediation",
            "speakers": ["leila-benali", "sarah-whitcombe"],
            "topics": ["military-diplomacy"],
            "regions": ["gulf", "middle-east"],
        },
    ]


def past_events():
    return [
        {
            "slug": "pakistan-libya-defence-ties-panel",
            "title": "Panel: Pakistan and Libya, defence ties renewed",
            "kind": Event.Kind.PANEL,
            "summary": "The authors of our analysis of Pakistan–Libya defence ties discuss it "
            "with a former ambassador. Watch the recording or read the transcript.",
            "starts": _day(-21, 11),
            "hours": 1.5,
            "attendance_mode": Event.AttendanceMode.HYBRID,
            "venue_name": "Islamabad Club, Ball Room",
            "venue_address": "Murree Road\nIslamabad",
            "speakers": ["tariq-mehmood", "leila-benali"],
            "guests": [("Ambassador (retd) Khalid Masood", "Former ambassador to Libya", "chair")],
            "topics": ["defence-cooperation", "military-diplomacy"],
            "regions": ["north-africa", "south-asia"],
            "recording": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "transcript": "<p><strong>Chair:</strong> Good morning, and welcome. Our panel "
            "looks at how defence ties between Pakistan and Libya have been renewed.</p>"
            "<p><strong>Tariq Mehmood:</strong> Thank you. Three things changed this year…</p>",
            "report": "pakistan-libya-defence-ties",
        },
        {
            "slug": "sahel-after-the-withdrawals-lecture",
            "title": "Lecture: the Sahel after the withdrawals",
            "kind": Event.Kind.LECTURE,
            "summary": "An evening lecture on security in the Sahel since foreign forces left.",
            "starts": _day(-45, 18),
            "hours": 1.5,
            "venue_name": "Thinktank seminar room",
            "venue_address": "Street 5, F-6/3\nIslamabad",
            "speakers": ["sarah-whitcombe"],
            "topics": ["counter-terrorism", "civil-conflict"],
            "regions": ["sahel"],
            "report": "sahel-after-the-withdrawals",
        },
        {
            "slug": "red-sea-shipping-roundtable",
            "title": "Roundtable: Red Sea shipping and insurance",
            "kind": Event.Kind.ROUNDTABLE,
            "summary": "Insurers, shippers and analysts on war-risk premiums in the Red Sea.",
            "starts": _day(-80, 10),
            "hours": 2,
            "venue_name": "Karachi Marriott, Jade Room",
            "venue_address": "Abdullah Haroon Road\nKarachi",
            "speakers": ["amina-rahman"],
            "topics": ["maritime-security", "energy-security"],
            "regions": ["middle-east"],
            "registration_mode": Event.RegistrationMode.APPROVAL,
        },
    ]


def load(loader, people, topics, regions):
    from articles.models import Article

    system = workflow.system_user()
    for data in events():
        if Event.objects.filter(slug=data["slug"]).exists():
            continue
        event = Event(
            slug=data["slug"],
            title=data["title"],
            kind=data["kind"],
            summary=data["summary"],
            description=f"<p>{data['summary']}</p>{SAMPLE_NOTE}",
            starts_at=data["starts"],
            ends_at=data["starts"] + timedelta(hours=data["hours"]),
            time_zone=data.get("zone", "Asia/Karachi"),
            attendance_mode=data.get("attendance_mode", Event.AttendanceMode.IN_PERSON),
            venue_name=data.get("venue_name", ""),
            venue_address=data.get("venue_address", ""),
            map_url=data.get("map_url", ""),
            stream_url=data.get("stream_url", ""),
            capacity=data.get("capacity"),
            registration_mode=data.get("registration_mode", Event.RegistrationMode.OPEN),
            recording_video_url=data.get("recording", ""),
            transcript=data.get("transcript", ""),
            report=Article.objects.filter(slug=data.get("report", "")).first(),
        )

        def relations(event=event, data=data):
            order = 0
            for order, slug in enumerate(data["speakers"]):
                EventSpeaker.objects.create(event=event, person=people[slug], order=order)
            for name, affiliation, role in data.get("guests", []):
                order += 1
                EventSpeaker.objects.create(
                    event=event,
                    guest_name=name,
                    guest_affiliation=affiliation,
                    role=role,
                    order=order,
                )
            event.topics.set([topics[slug] for slug in data["topics"]])
            event.regions.set([regions[slug] for slug in data["regions"]])

        workflow.save(event, system, description="Loaded with the demo", relations=relations)
        workflow.publish(event, system)
        if data.get("full"):
            _fill(event)
        loader._created(event, True)


def _fill(event):
    """Every seat confirmed, and readers waiting for one."""
    now = timezone.now()
    for number in range(1, event.capacity + 1):
        Registration.objects.create(
            event=event,
            name=f"Demo registrant {number}",
            email=f"registrant{number}@example.org",
            affiliation="Sample registration",
            status=Registration.Status.CONFIRMED,
            confirmed_at=now,
        )
    for position in range(1, WAITLISTED + 1):
        Registration.objects.create(
            event=event,
            name=f"Demo waitlisted {position}",
            email=f"waitlisted{position}@example.org",
            affiliation="Sample registration",
            status=Registration.Status.WAITLISTED,
            position=position,
        )
