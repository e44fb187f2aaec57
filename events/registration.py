"""Every change to a registration's state happens here: register, confirm, cancel, promote,
approve, decline, invite. Views and admin actions only call these.

Seats: only `confirmed` registrations hold one (Registration.SEAT_STATUSES). Whoever gives a
seat first locks the event's row (select_for_update), so two people confirming at once
queue up behind each other and the last seat is never given twice. Emails are sent after
the state changed (events/emails.py), through the task queue.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.cache import bump, moments

from . import emails
from .models import Event, Invitation, Registration
from .models.registrations import new_nonce

Status = Registration.Status

# What the register page tells the reader, whatever happened (so it says nothing about
# someone else's address): "check your inbox", or, for an invitee, their result.
CHECK_INBOX = "check-inbox"


@dataclass
class Result:
    registration: Registration | None
    outcome: str  # CHECK_INBOX, or the registration's status once it has a final one


def _locked(event):
    """The event's row, locked until the transaction ends: seats are counted under it."""
    return Event.objects.select_for_update().only("pk", "capacity").get(pk=event.pk)


def state(event, now=None):
    """What the registration box and the form say about `event` now: "none" (no
    registration), "cancelled", "postponed", "past", "not-yet", "closed", "invitation"
    (invitees only), "approval" (requests wait for an editor), "full" (waitlist) or "open"."""
    now = now or timezone.now()
    mode = event.registration_mode
    if mode == Event.RegistrationMode.NONE:
        return "none"
    if event.is_cancelled:
        return "cancelled"
    if event.event_status == Event.EventStatus.POSTPONED:
        return "postponed"
    if event.is_over(now):
        return "past"
    if not event.registration_is_open(now):
        opens = event.registration_opens_at
        return "not-yet" if opens and now < opens else "closed"
    if mode == Event.RegistrationMode.INVITATION:
        return "invitation"
    if mode == Event.RegistrationMode.APPROVAL:
        return "approval"
    return "full" if is_full(event) else "open"


def seats_left(event):
    """Free seats (None: no limit). Counted without a lock: for display only."""
    if event.capacity is None:
        return None
    return max(event.capacity - Registration.objects.seats_taken(event), 0)


def is_full(event):
    return seats_left(event) == 0


def _has_seat_free(locked_event):
    if locked_event.capacity is None:
        return True
    return Registration.objects.seats_taken(locked_event) < locked_event.capacity


def _next_position(event):
    queued = Registration.objects.for_event(event).filter(
        status__in=[Status.WAITLISTED, Status.PENDING_APPROVAL]
    )
    return (queued.aggregate(last=Max("position"))["last"] or 0) + 1


def register(event, *, name, email, affiliation="", accessibility_needs="", invitation=None):
    """A reader asks for a seat. The address must confirm first, unless an invitation link
    (which reached that inbox) vouches for it. One registration per address per event: a
    second request re-sends the first one's details instead."""
    details = {"name": name, "affiliation": affiliation, "accessibility_needs": accessibility_needs}
    email = (invitation.email if invitation else email).strip()
    with transaction.atomic():
        _locked(event)  # one request per address at a time, and seats counted under it
        registration = Registration.objects.for_event(event).with_email(email).first()
        if registration is not None and registration.status != Status.CANCELLED:
            if registration.status == Status.PENDING_CONFIRMATION and not invitation:
                emails.send_confirmation(registration)
            elif registration.status == Status.PENDING_CONFIRMATION:
                return Result(registration, _seat_or_queue(event, registration))
            else:
                emails.send_already_registered(registration)
            return Result(registration, CHECK_INBOX)
        if registration is None:
            registration = Registration(event=event, email=email)
        else:
            # Someone who cancelled comes back: their row again, their old links retired.
            registration.nonce = new_nonce()
            registration.confirmed_at = registration.decided_at = None
            registration.position = None
        for field, value in details.items():
            setattr(registration, field, value)
        registration.status = Status.PENDING_CONFIRMATION
        registration.save()
        if invitation is None:
            emails.send_confirmation(registration)
            return Result(registration, CHECK_INBOX)
        Invitation.objects.filter(pk=invitation.pk, used_at=None).update(used_at=timezone.now())
        return Result(registration, _seat_or_queue(event, registration))


def confirm(registration):
    """The address confirmed: a seat, the waitlist, or (approval mode) the editors' queue."""
    with transaction.atomic():
        event = _locked(registration.event)
        registration.refresh_from_db()
        if registration.status != Status.PENDING_CONFIRMATION:
            return registration.status  # a second press changes nothing
        return _seat_or_queue(event, registration)


def _seat_or_queue(event, registration):
    """Under the event's lock: give `registration` a seat if one is free, else queue it."""
    now = timezone.now()
    registration.confirmed_at = registration.confirmed_at or now
    full_event = registration.event
    if full_event.registration_mode == Event.RegistrationMode.APPROVAL:
        registration.status = Status.PENDING_APPROVAL
        registration.position = _next_position(event)
        registration.save()
        emails.send_status(registration, "received")
    elif _has_seat_free(event):
        registration.status = Status.CONFIRMED
        registration.position = None
        registration.save()
        bump(f"event:{event.pk}")  # the event page may now say "full"
        emails.send_status(registration, "confirmed")
    else:
        registration.status = Status.WAITLISTED
        registration.position = _next_position(event)
        registration.save()
        emails.send_status(registration, "waitlisted")
    return registration.status


def cancel(registration):
    """The registrant gives up their seat or their place in a queue; the first waiting
    person is promoted into a freed seat. Returns False if it had already ended."""
    with transaction.atomic():
        event = _locked(registration.event)
        registration.refresh_from_db()
        if registration.status in Registration.ENDED_STATUSES:
            return False
        held_seat = registration.status in Registration.SEAT_STATUSES
        registration.status = Status.CANCELLED
        registration.position = None
        registration.decided_at = timezone.now()
        registration.save()
        emails.send_status(registration, "cancelled")
        if held_seat:
            bump(f"event:{event.pk}")  # a seat is free: the event page may no longer say "full"
            _promote_waiting(event)
    return True


def _promote_waiting(event):
    """Under the event's lock: the waitlist fills the free seats, first come first served."""
    while _has_seat_free(event):
        first = Registration.objects.for_event(event).waitlist().first()
        if first is None:
            return
        first.status = Status.CONFIRMED
        first.position = None
        first.save()
        emails.send_status(first, "promoted")


def approve(registrations):
    """An editor approves requests, in queue order, while seats are free. Returns (approved,
    still waiting): those beyond the capacity stay in the queue."""
    approved, waiting = 0, 0
    for event_id, group in _by_event(registrations, Status.PENDING_APPROVAL):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            for registration in group:
                registration.refresh_from_db()
                if registration.status != Status.PENDING_APPROVAL:
                    continue
                if not _has_seat_free(event):
                    waiting += 1
                    continue
                registration.status = Status.CONFIRMED
                registration.position = None
                registration.decided_at = timezone.now()
                registration.save()
                emails.send_status(registration, "approved")
                approved += 1
    return approved, waiting


def decline(registrations):
    """An editor declines requests still waiting for a decision; each is told."""
    declined = 0
    for _, group in _by_event(registrations, Status.PENDING_APPROVAL):
        for registration in group:
            with transaction.atomic():
                registration.refresh_from_db()
                if registration.status != Status.PENDING_APPROVAL:
                    continue
                registration.status = Status.DECLINED
                registration.position = None
                registration.decided_at = timezone.now()
                registration.save()
                emails.send_status(registration, "declined")
                declined += 1
    return declined


def _by_event(registrations, status):
    chosen = (
        Registration.objects.filter(pk__in=[r.pk for r in registrations], status=status)
        .select_related("event")
        .order_by("event_id", "position", "created_at", "pk")
    )
    groups = {}
    for registration in chosen:
        groups.setdefault(registration.event_id, []).append(registration)
    return groups.items()


def invite(event, addresses):
    """Invite each address not yet invited; each gets its personal link. Returns (invited,
    already invited)."""
    invited, known = [], 0
    for address in addresses:
        if Invitation.objects.filter(event=event, email__iexact=address).exists():
            known += 1
            continue
        invitation = Invitation.objects.create(event=event, email=address)
        emails.send_invitation(invitation)
        invited.append(invitation)
    return invited, known


CLOCK_FIELDS = ("registration_opens_at", "registration_closes_at", "starts_at", "ends_at")


def clock_moments(now):
    """When, after `now`, a published event's page changes by the clock alone (registration
    opens or closes, the event starts or ends): querysets the content cache asks together
    with every app's publish and expiry times, in one query (core.cache)."""
    events = Event.objects.published().filter(ends_at__gt=now)
    return [moments(events.filter(**{f"{field}__gt": now}), field) for field in CLOCK_FIELDS]


def next_state_change(now):
    """The first of `clock_moments(now)`, or None."""
    found = [row[0] for queryset in clock_moments(now) if (row := queryset.first())]
    return min(found, default=None)
