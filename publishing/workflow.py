"""The publishing workflow: the only code that changes an item's state or keeps a version of it.

The admin, the Word import, management commands and tests call these functions; none of
them sets a status or a publish time itself (`tests/publishing/test_workflow_owns_state.py`
reads the source to keep it so). Each function

- takes the acting user (commands and scheduled work act as `system_user()`, which the audit
  log shows by name) and checks that user's permission itself, raising `PermissionDenied`;
- saves, keeps a revision and records the audit event in one transaction;
- returns an `Outcome` whose `tags` name the cached pages the change touched
  ("article:12", "list:articles", "topic-items:4"), empty when readers see no change.

They work for any model with a registered snapshot (`revisions.snapshots`); the state
changes (submit, publish, schedule, expiry, unpublish, archive) need a `Publishable`.
"""

import dataclasses

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import AuditEvent, record
from core.cache import bump, object_tag
from revisions.models import Revision, TrashedItem

from . import cachetags
from .models import PUBLISHED, PreviewLink, Publishable
from .signals import announce

SYSTEM_USERNAME = "thinktank-system"
STATE_FIELDS = ["status", "published_at", "expires_at", "first_published_at", "last_published_at"]
Status = Publishable.Status
Action = AuditEvent.Action


@dataclasses.dataclass(frozen=True)
class Outcome:
    tags: frozenset = frozenset()
    item: object = None
    warnings: tuple = ()
    changed: bool = True


def system_user():
    """The user commands, imports and scheduled work act as: it cannot log in."""
    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Thinktank", "last_name": "(automatic)", "is_active": False},
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def is_system_user(user):
    return (
        getattr(user, "pk", None) is not None
        and user.get_username() == SYSTEM_USERNAME
        and not user.is_active
    )


def _when(moment):
    return date_format(timezone.localtime(moment), "j M Y, H:i")


# Who may do what ------------------------------------------------------------------


def _perm(model, action):
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def may_publish(user, model):
    """Publish, schedule, unpublish, archive, set expiry, share previews, add corrections."""
    return is_system_user(user) or user.has_perm(_perm(model, "publish"))


def may_edit(user, item):
    """Change `item` as it is stored (its status decides what a contributor may do)."""
    if is_system_user(user):
        return True
    model = type(item)
    if item.pk is None:
        return user.has_perm(_perm(model, "add"))
    if hasattr(item, "can_be_edited_by"):
        return item.can_be_edited_by(user)
    if not user.has_perm(_perm(model, "change")):
        return False
    if isinstance(item, Publishable) and not may_publish(user, model):
        return item.contributor_may_edit(user)
    return True


def may_delete(user, item):
    if is_system_user(user):
        return True
    if hasattr(item, "can_be_deleted_by"):
        return item.can_be_deleted_by(user)
    return user.has_perm(_perm(type(item), "delete")) and may_edit(user, item)


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


# Cache tags -----------------------------------------------------------------------


def _declared(outcome):
    """Retire the cached pages showing what changed (core.cache): the tags it declares."""
    bump(*outcome.tags)
    return outcome


def _stored(item):
    if item.pk is None:
        return None
    return type(item)._default_manager.filter(pk=item.pk).first()


# Saving -----------------------------------------------------------------------------


def save(item, user, *, description=None, relations=None, event=None):
    """Save `item` as edited (fields, then `relations()`), keep a revision, audit any move.

    The door for forms: `item` carries what the editor asked for, its status and publish
    dates included; moving it between states needs the same permission as the functions
    below. `description` (text, or a function called once relations are saved) labels
    the revision; `event`, a function returning (audit action, detail), adds an audit event
    of the caller's own (an import).
    """
    stored = _stored(item)
    _require(
        may_edit(user, stored if stored is not None else item),
        f"You may not change this {item._meta.verbose_name}.",
    )
    before = _state(stored)
    if isinstance(item, Publishable):
        _check_state_change(user, item, before)
        if item.status == PUBLISHED and before[0] != PUBLISHED:
            _mark_published(item)
    tags_before = cachetags.before(stored)
    with transaction.atomic():
        if stored is not None:
            _keep_the_original(stored)
        item.save()
        if relations:
            relations()
        text = description() if callable(description) else description
        revision = Revision.objects.snapshot(item, user, text or ("Saved" if stored else "Created"))
        _audit_save(user, item, stored, before, revision)
        if event:
            action, detail = event()
            record(user, action, item, detail)
    return _declared(Outcome(cachetags.of_change(item, tags_before), item))


def _state(item):
    if not isinstance(item, Publishable):
        return (None, None, None)
    return (item.status, item.published_at, item.expires_at)


def _check_state_change(user, item, before):
    """A contributor may move their own work between draft and review, nothing more."""
    if _state(item) == before or may_publish(user, type(item)):
        return
    status, published_at, expires_at = before
    allowed = (
        item.status in Publishable.CONTRIBUTOR_STATUSES
        and (status is None or status in Publishable.CONTRIBUTOR_STATUSES)
        and (item.published_at, item.expires_at) == (published_at, expires_at)
    )
    _require(allowed, "Only editors may publish, schedule or unpublish.")


def _keep_the_original(stored):
    """Before the first tracked change of an older item, keep it as it was."""
    if not Revision.objects.for_object(stored).exists():
        Revision.objects.snapshot(
            stored,
            None,
            "As it was before its history was kept",
            force=True,
            created_at=getattr(stored, "updated_at", None),
        )


def _audit_save(user, item, stored, before, revision):
    if isinstance(item, Publishable):
        _audit_transition(user, item, before)
        if before[0] == PUBLISHED and item.status == PUBLISHED and revision is not None:
            if _state(item) == before and stored.is_live:
                record(user, Action.EDIT, item, revision.description)
    elif getattr(item, "is_live", None) is not None:
        # Staff updates have no states: posting one publishes it.
        if stored is None:
            record(user, Action.PUBLISH if item.is_live else Action.SCHEDULE, item)
        elif revision is not None and stored.is_live:
            record(user, Action.EDIT, item, revision.description)


def _audit_transition(user, item, before):
    status = before[0]
    if (status, before[1]) == (item.status, item.published_at):
        if before[2] != item.expires_at and item.status == PUBLISHED:
            _audit_expiry(user, item)
        return
    if item.status == PUBLISHED:
        action = Action.SCHEDULE if item.is_scheduled else Action.PUBLISH
    else:
        action = {
            Status.IN_REVIEW: Action.SUBMIT,
            Status.ARCHIVED: Action.ARCHIVE,
            Status.DRAFT: Action.UNPUBLISH if status in (PUBLISHED, Status.ARCHIVED) else None,
        }.get(item.status)
    if action:
        _record_move(user, action, item, item.state_label())


def _audit_expiry(user, item):
    detail = f"Expires on {_when(item.expires_at)}" if item.expires_at else "No expiry date"
    _record_move(user, Action.EXPIRY, item, detail)


def _record_move(user, action, item, detail):
    """Audit a move between states and, once committed, announce it (notifications)."""
    record(user, action, item, detail)
    announce(item, user, Action(action), detail)


def stamp_publish_date(item):
    """Published with the date left empty means published now; an item published any way
    (a loader, the shell) has a first and last publication time from then on."""
    if item.status != PUBLISHED:
        return
    item.published_at = item.published_at or timezone.now()
    item.first_published_at = item.first_published_at or item.published_at
    item.last_published_at = item.last_published_at or item.published_at


def _mark_published(item, now=None):
    now = now or timezone.now()
    item.status = PUBLISHED
    item.published_at = item.published_at or now
    item.first_published_at = item.first_published_at or item.published_at
    item.last_published_at = max(now, item.published_at)


def bulk_create(items, user, publish_times):
    """Create many new items at once, each published at its time in `publish_times` (None:
    a draft): for loading an archive or benchmark data, where one save each is too slow.

    One audit event per published item; no revision yet: the first edit keeps each item
    as it was loaded ("As it was before its history was kept"), so nothing is lost.
    """
    if not items:
        return Outcome(changed=False)
    model = type(items[0])
    _require(may_publish(user, model), "Only editors may publish.")
    for item, at in zip(items, publish_times, strict=True):
        if at is not None:
            item.status, item.published_at = PUBLISHED, at
            stamp_publish_date(item)
    with transaction.atomic():
        model._default_manager.bulk_create(items)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                user=_user_or_none(user),
                action=Action.SCHEDULE if item.is_scheduled else Action.PUBLISH,
                content_type=_content_type(model),
                object_id=str(item.pk),
                object_repr=str(item)[:300],
                detail="Loaded in bulk",
            )
            for item in items
            if item.status == PUBLISHED
        )
    return Outcome(frozenset({f"list:{model._meta.verbose_name_plural}".replace(" ", "-")}))


# Moving between states ------------------------------------------------------------


def _move(item, user, change, action, detail=None):
    """Apply `change(item)` to the state fields, save them, keep a revision, audit."""
    stored = _stored(item) or item
    tags_before = cachetags.before(stored)
    before = _state(item)
    kept = {name: getattr(item, name) for name in STATE_FIELDS}
    change(item)
    if item.expires_at and item.published_at and item.expires_at <= item.published_at:
        for name, value in kept.items():
            setattr(item, name, value)
        raise ValidationError(
            f"It would expire ({_when(item.expires_at)}) before it is published "
            f"({_when(item.published_at)}). Change or clear the expiry date first."
        )
    if _state(item) == before:
        return Outcome(item=item, changed=False)
    with transaction.atomic():
        _keep_the_original(stored)
        item.save(update_fields=[*STATE_FIELDS, "updated_at"])
        action = action(item) if callable(action) else action
        Revision.objects.snapshot(item, user, Action(action).label)
        _record_move(user, action, item, detail if detail is not None else item.state_label())
    return _declared(Outcome(cachetags.of_change(item, tags_before), item))


def _publishable(item):
    if not isinstance(item, Publishable):
        raise TypeError(f"{type(item).__name__} has no publishing states.")


def submit(item, user):
    """A contributor's draft goes to the editors for review."""
    _publishable(item)
    _require(may_edit(user, item), "You may not submit this for review.")
    if item.status != Status.DRAFT:
        return Outcome(item=item, changed=False)

    def change(item):
        item.status = Status.IN_REVIEW

    return _move(item, user, change, Action.SUBMIT)


def send_back(item, user, reason):
    """Return an item in review to its author as a draft, saying what to change."""
    _publishable(item)
    _require(may_publish(user, type(item)), "Only editors may send work back.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say what the author should change.")
    if item.status != Status.IN_REVIEW:
        return Outcome(item=item, changed=False)

    def change(item):
        item.status = Status.DRAFT

    return _move(item, user, change, Action.SEND_BACK, reason)


def publish(item, user, *, at=None):
    """Publish now, or at `at`: readers see it from then on (scheduling, when `at` is later)."""
    _publishable(item)
    _require(may_publish(user, type(item)), "Only editors may publish.")

    def change(item):
        if at is not None:
            item.published_at = at
        _mark_published(item)

    def action(item):
        return Action.SCHEDULE if item.is_scheduled else Action.PUBLISH

    return _move(item, user, change, action)


def schedule(item, user, at):
    if at is None or at <= timezone.now():
        raise ValidationError("Choose a time in the future, or publish it now.")
    return publish(item, user, at=at)


def set_expiry(item, user, at):
    """Take the item off the site at `at` (None: keep it published)."""
    _publishable(item)
    _require(may_publish(user, type(item)), "Only editors may set an expiry date.")

    def change(item):
        item.expires_at = at

    detail = f"Expires on {_when(at)}" if at else "No expiry date"
    return _move(item, user, change, Action.EXPIRY, detail)


def unpublish(item, user):
    """Back to draft: readers no longer see it; its publish date is kept for next time."""
    _publishable(item)
    _require(may_publish(user, type(item)), "Only editors may unpublish.")
    if item.status not in (PUBLISHED, Status.ARCHIVED):
        return Outcome(item=item, changed=False)

    def change(item):
        item.status = Status.DRAFT

    return _move(item, user, change, Action.UNPUBLISH)


def archive(item, user):
    """Off the site, kept: for work that should no longer be read as current."""
    _publishable(item)
    _require(may_publish(user, type(item)), "Only editors may archive.")

    def change(item):
        item.status = Status.ARCHIVED

    return _move(item, user, change, Action.ARCHIVE)


# Versions, the trash, previews, corrections -----------------------------------------------


def trash(item, user):
    """Move `item` to the trash, whole; `Model.delete()` is the permanent delete."""
    _require(may_delete(user, item), f"You may not delete this {item._meta.verbose_name}.")
    tags = cachetags.of_appearance(item)
    TrashedItem.objects.trash(item, user)
    return _declared(Outcome(frozenset(tags)))


def restore_from_trash(trashed, user):
    """Build a trashed item again with its id and relations (raises RestoreConflict)."""
    _require(
        is_system_user(user) or user.has_perm("revisions.restore_trasheditem"),
        "You may not restore items from the trash.",
    )
    item, warnings = trashed.restore(user)
    tags = cachetags.of_appearance(item)
    return _declared(Outcome(frozenset(tags), item, tuple(warnings)))


def keep_revision(item, user, description):
    """Keep the item as it now is, after a change made through another checked door (an
    admin action); nothing is kept when the latest revision already holds it. It changes
    nothing, so it asks no permission."""
    return Outcome(item=Revision.objects.snapshot(item, user, description))


def restore_revision(item, revision, user, fields=None):
    """Put an earlier version's content back (its state stays); saved as a new revision."""
    _require(may_edit(user, item), f"You may not change this {item._meta.verbose_name}.")
    tags_before = cachetags.before(item)
    warnings = revision.restore(item, user, fields=fields)
    return _declared(Outcome(cachetags.of_change(item, tags_before), item, tuple(warnings)))


def create_preview_link(item, user, *, note, expires_at):
    """A link showing the unpublished item to someone outside, until `expires_at`."""
    _require(may_publish(user, type(item)), "Only editors may share previews.")
    if expires_at <= timezone.now():
        raise ValidationError("Choose a time in the future.")
    with transaction.atomic():
        link = PreviewLink.objects.create(
            item=item, note=note, expires_at=expires_at, created_by=_user_or_none(user)
        )
        record(user, Action.PREVIEW_LINK, item, f"for {note}, until {_when(expires_at)}")
    return Outcome(item=link)


def revoke_preview_link(link, user):
    _require(may_publish(user, link.content_type.model_class()), "Only editors may do that.")
    if link.revoked_at:
        return Outcome(item=link, changed=False)
    with transaction.atomic():
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        record(user, Action.REVOKE_PREVIEW_LINK, link.item, f"for {link.note}")
    return Outcome(item=link)


def add_correction(item, user, text, *, date=None):
    """A dated public note at the end of a published item that an error was corrected."""
    _require(may_publish(user, type(item)), "Only editors may add corrections.")
    text = (text or "").strip()
    if not text:
        raise ValidationError("Say what was corrected.")
    with transaction.atomic():
        correction = item.add_correction(text, date=date)
        Revision.objects.snapshot(item, user, "Added a correction")
        record(user, Action.CORRECTION, item, text[:200])
    # The correction shows on the item's own page and changes nothing in any list.
    tags = {object_tag(item)} if cachetags.seen_by_readers(item) else set()
    return _declared(Outcome(frozenset(tags), correction))


def _content_type(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None
