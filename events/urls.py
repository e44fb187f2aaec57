from django.urls import path, re_path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/calendar.ics", views.events_calendar, name="calendar"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="event-calendar"),
    # Topic slugs may be non-ASCII, as on the topic pages.
    re_path(r"^topics/(?P<slug>[-\w]+)/events\.ics$", views.topic_calendar, name="topic-calendar"),
]
