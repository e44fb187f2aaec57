"""The publishable model base: states, publish and expiry times, and what readers may see.

Every content type readers see (articles today; events and pages next) inherits
`Publishable`, so the rule for "visible to readers" is written once, in `published_q()`.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil

from core.cache import CacheTagged, members_tag, moments

PUBLISHED = "published"


def published_q(prefix="", now=None):
    """The condition for an item readers may see, optionally across a relation (`prefix`).

    Published, with a publish time that has passed and an expiry time that has not.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": PUBLISHED, f"{prefix}published_at__lte": now}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})
    )


def _when(moment):
    return date_format(timezone.localtime(moment), "j M Y, H:i")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: the one door every public page, list, feed and index uses."""
        return self.filter(published_q())

    def scheduled_moments(self, now):
        """When, after `now`, one of these goes public or expires: querysets for the content
        cache, which asks every model's in one query (core.cache.register_scheduled_moments)."""
        published = self.filter(status=PUBLISHED)
        return [
            moments(published.filter(published_at__gt=now), "published_at"),
            moments(published.filter(expires_at__gt=now), "expires_at"),
        ]


class Publishable(CacheTagged):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = PUBLISHED, "Published"
        ARCHIVED = "archived", "Archived"

    # What a contributor without the publish permission may set.
    CONTRIBUTOR_STATUSES = (Status.DRAFT, Status.IN_REVIEW)
    # The fields deciding whether, where and in which order readers' lists show an item:
    # a change to one retires the lists (publishing/cachetags.py). Status and the two
    # times come first; content types add the fields their lists filter by.
    CACHE_LISTED_BY = ("status", "published_at", "expires_at")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish date",
        null=True,
        blank=True,
        help_text="Readers see it, once published, from this moment. Left empty, it is set "
        "to the moment you publish.",
    )
    expires_at = models.DateTimeField(
        "expiry date",
        null=True,
        blank=True,
        help_text="Leave empty to keep it published. At this moment it leaves the site, "
        "as if unpublished.",
    )
    # The history of publication, kept by publishing; readers' dates come from published_at.
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Deleting an item (the trash deletes its row) takes its preview links with it.
    preview_links = GenericRelation("publishing.PreviewLink")

    class Meta:
        abstract = True
        constraints = [
            # The name reads "published_article_has_publish_date" for articles, as it did
            # when articles owned the rule: the database keeps its constraint.
            models.CheckConstraint(
                condition=~Q(status=PUBLISHED) | Q(published_at__isnull=False),
                name="published_%(class)s_has_publish_date",
                violation_error_message="Give it a publish date, or make it a draft.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=F("published_at")),
                name="%(app_label)s_%(class)s_expires_after_publish_date",
                violation_error_message="The expiry date must come after the publish date.",
            ),
        ]

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        item = super().from_db(db, field_names, values, *args, **kwargs)
        item._cache_listing = cache_listing(item)
        return item

    def save(self, *args, **kwargs):
        """Save the row as it is: no revision, no audit. Editors, and code acting for them,
        save through `publishing.workflow.save`."""
        from .workflow import stamp_publish_date

        stamp_publish_date(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Django's permanent delete, as for any model: the row and what cascades from it
        are gone, with no trash and no audit. To delete as an editor does, call
        `publishing.workflow.trash(item, user)`, which the admin's delete uses."""
        return super().delete(*args, **kwargs)

    def clean(self):
        from .workflow import stamp_publish_date

        stamp_publish_date(self)  # before forms check the constraints
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            raise ValidationError(
                {
                    "expires_at": f"This is before it is published ({_when(self.published_at)}). "
                    "Choose a later expiry date, or leave it empty to keep it published."
                }
            )

    # Who may do what: publishing.workflow asks these.

    def is_authored_by(self, user):
        """Whether `user` wrote it: contributors edit their own work until it is published."""
        return False

    def author_users(self):
        """The user accounts of the people who wrote it: they hear when it is published or
        sent back (publishing/notifications.py). A queryset of users; none by default."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()

    def contributor_may_edit(self, user):
        return self.status in self.CONTRIBUTOR_STATUSES and self.is_authored_by(user)

    def cache_tags(self):
        """Tags of the cached pages showing it ("article:12", "list:articles")."""
        return default_cache_tags(self)

    @property
    def is_expired(self):
        return (
            self.status == PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    @property
    def is_live(self):
        return (
            self.status == PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and not self.is_expired
        )

    @property
    def is_scheduled(self):
        return (
            self.status == PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def state_label(self):
        """'Draft', 'In review', 'Published', 'Archived', 'Scheduled for … (in …)' or
        'Expired on …'."""
        if self.is_scheduled:
            return f"Scheduled for {_when(self.published_at)} (in {timeuntil(self.published_at)})"
        if self.is_expired:
            return f"Expired on {_when(self.expires_at)}"
        return self.get_status_display()

    def expiry_label(self):
        """'Expires on …' while an expiry is still to come, else ''."""
        if self.status == PUBLISHED and self.expires_at and not self.is_expired:
            return f"Expires on {_when(self.expires_at)}"
        return ""


UNKNOWN = object()


def cache_listing(item):
    """The values that decide whether, where and in which order readers' lists show it."""
    values = item.__dict__
    # A field a query deferred is unknown, never loaded here (that would be a query per row).
    return tuple(values.get(name, UNKNOWN) for name in item.CACHE_LISTED_BY)


def related_tags(item, relation, prefix, field="pk"):
    """The members tag ("topic-items:<id>", core.cache.members_tag) of each `prefix` row of
    `item.<relation>`, the lists `item` is filed in: from rows prefetched with the item's
    CACHE_TAG_RELATIONS (the schedule reads many items at once), else in one query."""
    manager = getattr(item, relation)
    if relation in getattr(item, "_prefetched_objects_cache", {}):
        ids = (getattr(row, field) for row in manager.all())
    else:
        ids = manager.values_list(field, flat=True)
    return {members_tag(prefix, pk) for pk in ids if pk is not None}


def default_cache_tags(obj):
    opts = obj._meta
    return {f"{opts.model_name}:{obj.pk}", f"list:{opts.verbose_name_plural}".replace(" ", "-")}


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_item(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


# Links signed before preview links were generic used this salt; it stays so they still work.
PREVIEW_SALT = "articles.preview-link"


class PreviewLink(models.Model):
    """A signed, expiring, revocable link showing one unpublished item to an outsider."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    note = models.CharField(
        "shared with",
        max_length=200,
        help_text="Who the link is for, e.g. 'Co-author, Dr Ahmed' or 'Press, under embargo'.",
    )
    expires_at = models.DateTimeField(
        "valid until", help_text="The link stops working at this time."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="preview_item_idx")]

    def __str__(self):
        return f"Preview of “{self.item}” for {self.note}"

    def get_absolute_url(self):
        return reverse("publishing:shared-preview", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.Signer(salt=PREVIEW_SALT).sign(str(self.pk))

    @classmethod
    def from_token(cls, token):
        """The link a token names, or None if it was tampered with or never existed."""
        try:
            pk = signing.Signer(salt=PREVIEW_SALT).unsign(token)
        except signing.BadSignature:
            return None
        if not (pk.isascii() and pk.isdigit()):
            return None
        return cls.objects.select_related("content_type").filter(pk=pk).first()

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class EditorialNoteQuerySet(models.QuerySet):
    def for_item(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)

    def open(self):
        return self.filter(resolved_at__isnull=True)


class EditorialNote(models.Model):
    """An internal note on an item under work, in the one thread each item has.

    Shown only in the admin. It is no part of the item's content: revisions neither keep
    nor restore notes, so going back to an earlier version leaves the discussion as it is.
    No generic relation on Publishable, so moving an item to the trash keeps its notes
    for when it comes back (with the same id); deleting it for good deletes them
    (publishing/notes.py).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    text = models.TextField("note", max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )

    objects = EditorialNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="note_item_idx")]

    def __str__(self):
        return f"Note by {self.author or 'someone'}: {self.text[:60]}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None
