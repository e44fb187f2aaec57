"""The log-in, two-factor and password pages, under /accounts/ (see thinktank/urls.py).

URL names are global, not namespaced, so `{% url 'login' %}`, LOGIN_URL and the names
Django's own password views redirect to keep working.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import password_reset, preferences, two_factor

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=two_factor.LoginForm),
        name="login",
    ),
    path("two-factor/", two_factor.settings_view, name="two-factor"),
    path("notifications/", preferences.notifications_view, name="notifications"),
    # Listed before Django's own routes, so this form, not Django's, answers here.
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=password_reset.PasswordResetForm),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
]
