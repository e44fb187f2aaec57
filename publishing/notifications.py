"""Emails about work moving through the workflow, sent through the background queue.

Submitting for review tells the editors (those who may publish that kind of item);
publishing, scheduling or sending it back tells its authors (`Publishable.author_users()`).
Whoever made the change is not told of it, and anyone who turned the emails off on
"My notifications" (accounts) hears nothing. Connected to `signals.state_changed` in
PublishingConfig.ready(), so the workflow itself knows nothing of email.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from accounts.models import wants_workflow_emails
from audit.models import AuditEvent
from tasks.email import enqueue_email

Action = AuditEvent.Action

# action: (who hears, email template)
MESSAGES = {
    Action.SUBMIT: ("editors", "publishing/emails/submitted.txt"),
    Action.PUBLISH: ("authors", "publishing/emails/published.txt"),
    Action.SCHEDULE: ("authors", "publishing/emails/scheduled.txt"),
    Action.SEND_BACK: ("authors", "publishing/emails/sent_back.txt"),
}


def editors(model):
    opts = model._meta
    # Permissions live in the database (ModelBackend): groups, a user's own and superusers.
    return get_user_model().objects.with_perm(
        f"{opts.app_label}.publish_{opts.model_name}",
        backend="django.contrib.auth.backends.ModelBackend",
    )


def recipients(item, user, audience):
    users = editors(type(item)) if audience == "editors" else item.author_users()
    users = wants_workflow_emails(users.filter(is_active=True).exclude(email=""))
    if getattr(user, "pk", None) is not None:
        users = users.exclude(pk=user.pk)
    return list(users.order_by("pk"))


def _absolute(path):
    return f"{settings.SITE_URL}{path}" if path else ""


def _admin_url(item):
    opts = item._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        return ""


def notify(sender, item, user, action, detail, **kwargs):
    """Queue one email to each person who should hear of this move (none for the rest)."""
    if action not in MESSAGES:
        return
    audience, template = MESSAGES[action]
    context = {
        "item": item,
        "kind": item._meta.verbose_name,
        "actor": (user.get_full_name() or user.get_username()) if user else "Someone",
        "detail": detail,
        "change_url": _absolute(_admin_url(item)),
        "public_url": _absolute(item.get_absolute_url())
        if hasattr(item, "get_absolute_url")
        else "",
        "preferences_url": _absolute(reverse("notifications")),
        "site_name": settings.SITE_NAME,
    }
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    for person in recipients(item, user, audience):
        enqueue_email(EmailMessage(subject.strip(), body.strip() + "\n", to=[person.email]))
