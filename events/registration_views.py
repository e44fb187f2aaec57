"""Registering for an event, confirming, and the registrant's own page with its cancel button.

None of these pages is cached: the form carries a CSRF token, and the others are reached
through secret links (which keep them out of search engines too).
"""

from django.conf import settings
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from formguard import ratelimit

from . import registration as service
from .forms import RegistrationForm
from .models import Event, Invitation, Registration
from .tokens import (
    manage_token,
    read_confirmation_token,
    read_invitation_token,
    read_manage_token,
)

# States in which the form takes a registration.
TAKING = {"open", "full", "approval", "invitation"}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug, invitation=None):
    # published(), not listed(): unlisted events are reachable by their link.
    event = get_object_or_404(Event.objects.published(), slug=slug)
    state = service.state(event)
    invited = None
    if invitation is not None:
        invited = _invitation(event, invitation)
        if invited is None:
            return _noindex(_problem(request, "invitation", status=404, event=event))
    context = {
        "event": event,
        "state": state,
        "invited": invited,
        "retention_days": settings.EVENT_REGISTRATION_RETENTION_DAYS,
    }
    if state not in TAKING or (state == "invitation" and invited is None):
        return _noindex(render(request, "events/register.html", context))
    if request.method != "POST":
        context["form"] = RegistrationForm(invited=bool(invited))
        return _noindex(render(request, "events/register.html", context))

    form = RegistrationForm(request.POST, invited=bool(invited))
    context["form"] = form
    if not form.is_valid():
        return _noindex(render(request, "events/register.html", context))
    if form.looks_automated():
        return redirect("events:check-inbox", slug=event.slug)
    if not ratelimit.allow_client(
        request, "event-register-ip", settings.EVENT_REGISTRATIONS_PER_IP_PER_HOUR, ratelimit.HOUR
    ):
        return ratelimit.too_many(request, "events/rate_limited.html", {"event": event})
    data = form.cleaned_data
    email = invited.email if invited else data["email"]
    # Past the per-address limit nothing is sent, and the page says the same.
    if not ratelimit.allow(
        "event-email", email.lower(), settings.EVENT_EMAILS_PER_ADDRESS_PER_DAY, ratelimit.DAY
    ):
        return redirect("events:check-inbox", slug=event.slug)
    result = service.register(
        event,
        name=data["name"],
        email=email,
        affiliation=data["affiliation"],
        accessibility_needs=data["accessibility_needs"],
        invitation=invited,
    )
    if result.outcome == service.CHECK_INBOX:
        return redirect("events:check-inbox", slug=event.slug)
    return _show(request, result.registration)


def _invitation(event, token):
    pk = read_invitation_token(token)
    return Invitation.objects.filter(pk=pk, event=event).first() if pk else None


@never_cache
def check_inbox(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    context = {
        "event": event,
        "days": settings.EVENT_CONFIRM_DAYS,
        "per_day": settings.EVENT_EMAILS_PER_ADDRESS_PER_DAY,
    }
    return _noindex(render(request, "events/check_inbox.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button; only its POST confirms (mail scanners open links too)."""
    try:
        pk, nonce = read_confirmation_token(token)
    except signing.SignatureExpired:
        return _problem(request, "expired", status=410)
    except signing.BadSignature:
        return _problem(request, "invalid", status=400)
    registration = _registration(pk, nonce)
    if registration is None:
        return _problem(request, "gone", status=404)
    if request.method == "POST":
        service.confirm(registration)
        return redirect("events:registration", token=manage_token(registration))
    context = {"registration": registration, "event": registration.event}
    return _noindex(render(request, "events/confirm.html", context))


@never_cache
def registration_page(request, token):
    registration = _from_manage_token(token)
    if registration is None:
        return _problem(request, "gone", status=404)
    return _show(request, registration)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    """GET asks; the button's POST cancels."""
    registration = _from_manage_token(token)
    if registration is None:
        return _problem(request, "gone", status=404)
    context = {"registration": registration, "event": registration.event, "token": token}
    if request.method == "POST":
        service.cancel(registration)
        registration.refresh_from_db()
        return _noindex(render(request, "events/cancelled.html", context))
    return _noindex(render(request, "events/cancel.html", context))


def _show(request, registration):
    """The registrant's own page: their status, and the stream link once they hold a seat."""
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "seated": registration.status in Registration.SEAT_STATUSES,
        "token": manage_token(registration),
    }
    return _noindex(render(request, "events/registration.html", context))


def _from_manage_token(token):
    found = read_manage_token(token)
    return _registration(*found) if found else None


def _registration(pk, nonce):
    return Registration.objects.select_related("event").filter(pk=pk, nonce=nonce).first()


def _problem(request, problem, status, event=None):
    context = {"problem": problem, "event": event}
    return _noindex(render(request, "events/link_problem.html", context, status=status))


def _noindex(response):
    response.headers["X-Robots-Tag"] = "noindex"
    return response
