"""What each person chooses about their account."""

from django.conf import settings
from django.db import models


class NotificationPreferenceQuerySet(models.QuerySet):
    def opted_out(self):
        return self.filter(workflow_emails=False)


class NotificationPreference(models.Model):
    """Whether a person gets the editorial emails (work to review, their work published or
    sent back). No row means yes: everyone gets them until they turn them off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    workflow_emails = models.BooleanField(
        "email me about work in review and publishing",
        default=True,
        help_text="Editors hear when something is submitted for review; authors hear when "
        "their work is published or sent back.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = "notification preference"

    def __str__(self):
        state = "on" if self.workflow_emails else "off"
        return f"Notifications for {self.user}: {state}"


def wants_workflow_emails(users):
    """Those of `users` (a queryset) who have not turned the editorial emails off."""
    return users.exclude(notification_preference__workflow_emails=False)
