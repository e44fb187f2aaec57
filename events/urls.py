from django.urls import path, re_path

from . import registration_views as registering
from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/calendar.ics", views.events_calendar, name="calendar"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    # Registration (events/registration_views.py).
    path("events/<slug:slug>/register/", registering.register, name="register"),
    path(
        "events/<slug:slug>/register/check-your-inbox/",
        registering.check_inbox,
        name="check-inbox",
    ),
    path(
        "events/<slug:slug>/register/invited/<str:invitation>/",
        registering.register,
        name="register-invited",
    ),
    path("events/registration/confirm/<str:token>/", registering.confirm, name="confirm"),
    path("events/registration/<str:token>/", registering.registration_page, name="registration"),
    path("events/registration/<str:token>/cancel/", registering.cancel, name="cancel-registration"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="event-calendar"),
    # Topic slugs may be non-ASCII, as on the topic pages.
    re_path(r"^topics/(?P<slug>[-\w]+)/events\.ics$", views.topic_calendar, name="topic-calendar"),
]
