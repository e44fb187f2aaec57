"""Revisions and the trash: nothing an editor saves or deletes is lost.

A `Revision` is a complete snapshot of an article or profile as one save left
it (see `snapshots.py`), so any two versions can be compared and any one
restored. Restoring is itself a save, so it becomes a revision too.

Deleting moves an object to the trash: its complete snapshot becomes a
`TrashedItem` and the row is deleted for real, so no query on the site has to
learn to skip trashed rows and nothing trashed can leak. Restoring builds the
row again with the same id, so its revisions, audit events and links to it
still apply. Only "delete permanently" in the trash removes an item for good:
its snapshot, its revisions and the files no one else uses.
"""

from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from assets import renditions
from audit.models import AuditEvent, record

from .snapshots import RestoreConflict, file_in_use, for_model

DESCRIPTION_LENGTH = 200


def content_type_of(obj_or_model):
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=False)


def when(moment):
    return date_format(timezone.localtime(moment), "j M Y, H:i")


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


class RevisionQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=content_type_of(obj), object_id=str(obj.pk))


class RevisionManager(models.Manager.from_queryset(RevisionQuerySet)):
    def snapshot(self, obj, user=None, description="Saved", *, force=False, created_at=None):
        """Keep a revision of `obj` as it now is in the database; return it (or None).

        The admin calls this after every save. Code that changes articles or
        profiles elsewhere (imports, scripts) calls it after saving, e.g.
        `Revision.objects.snapshot(article, user, "Imported from Word")`.
        Unless `force`, nothing is kept when the latest revision already has
        exactly this content.
        """
        data = for_model(type(obj)).serialize(obj)
        if not force and self.for_object(obj).values_list("data", flat=True).first() == data:
            return None
        if len(description) > DESCRIPTION_LENGTH:
            description = description[: DESCRIPTION_LENGTH - 1] + "…"
        return self.create(
            content_type=content_type_of(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            user=_user_or_none(user),
            description=description,
            data=data,
            created_at=created_at or timezone.now(),
        )


class Revision(models.Model):
    """One saved version of an article or profile: who, when, and all of its content."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("item", max_length=300)
    created_at = models.DateTimeField("saved", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="saved by",
    )
    description = models.CharField(max_length=DESCRIPTION_LENGTH, blank=True)
    data = models.JSONField()

    objects = RevisionManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="revision_object_idx"
            )
        ]
        # Reached only through the admin of the object itself, with its permissions.
        default_permissions = ()

    def __str__(self):
        return f"Revision #{self.pk} of “{self.object_repr}”, {when(self.created_at)}"

    @property
    def label(self):
        by = f" by {self.user.get_username()}" if self.user_id and self.user else ""
        return f"revision #{self.pk} of {when(self.created_at)}{by}"

    def restore(self, obj, user, fields=None):
        """Put this revision's content back on `obj` (see `Snapshot.apply`); return warnings.

        The result is saved as a new revision and recorded in the audit log.
        """
        by = f" by {self.user.get_username()}" if self.user_id and self.user else ""
        with transaction.atomic():
            warnings = for_model(type(obj)).apply(obj, self.data, fields)
            Revision.objects.snapshot(
                obj,
                user,
                f"Restored revision #{self.pk} from {when(self.created_at)}{by}",
                force=True,
            )
            record(user, AuditEvent.Action.RESTORE_REVISION, obj, f"Restored {self.label}.")
        return warnings


class TrashedItemQuerySet(models.QuerySet):
    def trash(self, obj, user):
        """Move `obj` to the trash: keep its complete snapshot, then delete its row.

        Raises ProtectedError, changing nothing, while other rows protect it
        (a person who is still an author).
        """
        with transaction.atomic():
            item, _created = self.update_or_create(
                content_type=content_type_of(obj),
                object_id=str(obj.pk),
                defaults={
                    "object_repr": str(obj)[:300],
                    "deleted_by": _user_or_none(user),
                    "deleted_at": timezone.now(),
                    "data": for_model(type(obj)).serialize(obj, complete=True),
                },
            )
            record(user, AuditEvent.Action.TRASH, obj)
            obj.delete()
        return item


class TrashedItem(models.Model):
    """A deleted article or profile, kept whole until someone deletes it permanently."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="type")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("title", max_length=300)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField()

    objects = TrashedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        verbose_name = "item in the trash"
        verbose_name_plural = "trash"
        # Nothing is added or edited here: items are restored or deleted for good.
        default_permissions = ("view", "delete")
        permissions = [("restore_trasheditem", "Can restore items from the trash")]
        indexes = [models.Index(fields=["-deleted_at"], name="trash_deleted_at_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="unique_trashed_object"
            )
        ]

    def __str__(self):
        return self.object_repr

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def snapshot(self):
        return for_model(self.model)

    def revisions(self):
        return Revision.objects.filter(
            content_type_id=self.content_type_id, object_id=self.object_id
        )

    def restore(self, user):
        """Build the object again with its id and relations; return (object, warnings).

        Raises RestoreConflict, changing nothing, when that cannot be done (its
        address is now another item's).
        """
        by = f" by {self.deleted_by.get_username()}" if self.deleted_by else ""
        try:
            with transaction.atomic():
                obj, warnings = self.snapshot.recreate(self.data, self.object_id)
                Revision.objects.snapshot(obj, user, "Restored from the trash", force=True)
                record(
                    user,
                    AuditEvent.Action.RESTORE_FROM_TRASH,
                    obj,
                    f"Moved to the trash {when(self.deleted_at)}{by}.",
                )
                self.delete()
        except IntegrityError:
            raise RestoreConflict(
                f"“{self}” could not be restored: it clashes with something saved since it "
                "was deleted."
            ) from None
        return obj, warnings

    def delete_permanently(self, user):
        """Delete the item for good: its snapshot, its revisions and the files no one else uses.

        The audit log keeps who did it, when, and the item's title.
        """
        snapshot, model = self.snapshot, self.model
        with transaction.atomic():
            revisions = self.revisions()
            files = snapshot.files(self.data)
            for field in snapshot.file_fields():
                names = revisions.values_list(f"data__fields__{field.name}", flat=True)
                files |= {(field.name, name) for name in names.distinct() if name}
            count, _ = revisions.delete()
            record(
                user,
                AuditEvent.Action.DELETE_PERMANENTLY,
                snapshot.instance(self.data, self.object_id),
                f"With its {count} revision{'' if count == 1 else 's'}.",
            )
            self.delete()
            unused = [
                (
                    model._meta.get_field(field_name),
                    name,
                    self.data["fields"].get(f"{field_name}_renditions"),
                )
                for field_name, name in sorted(files)
                if not file_in_use(name)
            ]
            transaction.on_commit(partial(_delete_files, unused))


def _delete_files(files):
    for field, name, rendition_record in files:
        if rendition_record and rendition_record.get("source") == name:
            renditions.delete(rendition_record, field.storage)
        field.storage.delete(name)
