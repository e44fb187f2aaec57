from django.urls import path

from . import registration_views as registering
from . import views

app_name = "events"

urlpatterns = [
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
]
