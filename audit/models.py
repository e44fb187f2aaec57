from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AuditEvent(models.Model):
    """One consequential editorial act: who did what to which item, and when.

    Rows are only ever added. The object is named by type, id and its title at
    the time, so the record outlives a permanent delete.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submitted for review"
        SEND_BACK = "send_back", "Sent back to the author"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        EXPIRY = "expiry", "Changed the expiry date"
        EDIT = "edit", "Edited while live"
        UNPUBLISH = "unpublish", "Unpublished"
        ARCHIVE = "archive", "Archived"
        RESTORE_REVISION = "restore_revision", "Restored a revision"
        TRASH = "trash", "Moved to trash"
        RESTORE_FROM_TRASH = "restore_trash", "Restored from trash"
        DELETE_PERMANENTLY = "delete", "Deleted permanently"
        PREVIEW_LINK = "preview_link", "Created a preview link"
        REVOKE_PREVIEW_LINK = "revoke_link", "Revoked a preview link"
        CORRECTION = "correction", "Added a correction"
        IMPORT = "import", "Imported from Word"
        SEND_MAILING = "send_mailing", "Sent a mailing"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("item", max_length=300)
    detail = models.CharField(max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"


def record(user, action, obj, detail=""):
    """Add an audit event for `obj`; call it inside the transaction that did the act."""
    return AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        detail=detail[:500],
    )
