"""Updates: short posts by staff, the think tank's news feed."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from assets.images import WebImageField, validate_image
from assets.renditions import RenditionsMixin, Spec
from assets.uploads import UploadPath
from core.cache import CacheTagged, ChangeTrackingQuerySet, members_tag
from publishing.models import related_tags
from taxonomy.models import Topic

UPDATE_RENDITIONS = (Spec("wide", (400, 800)),)
UPDATE_MAX_LENGTH = 1000


class UpdateQuerySet(ChangeTrackingQuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())

    def for_listing(self):
        return self.select_related("author").prefetch_related("topics")

    def by(self, user):
        return self.filter(author__user=user)


class Update(CacheTagged, RenditionsMixin, models.Model):
    """A short post by a staff member: the think tank's news feed."""

    CACHE_TAG_RELATIONS = ("topics",)

    body = models.TextField(
        "text",
        max_length=UPDATE_MAX_LENGTH,
        validators=[MaxLengthValidator(UPDATE_MAX_LENGTH)],
        help_text=f"Plain text, at most {UPDATE_MAX_LENGTH:,} characters. Web addresses "
        "become links.",
    )
    link = models.URLField(
        max_length=500, blank=True, help_text="Optional: the report, hearing or story it is about."
    )
    image = WebImageField(
        upload_to=UploadPath("updates"),
        blank=True,
        validators=[validate_image],
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(
        "image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it. Required with an image.",
    )
    author = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="updates")
    topics = TaggableManager(
        "topics",
        through="UpdateTopic",
        blank=True,
        help_text="Readers find updates by topic.",
        ordering=["name"],
    )
    published_at = models.DateTimeField(
        "publish date",
        default=timezone.now,
        help_text="Readers see the update from this moment.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UpdateQuerySet.as_manager()

    RENDITIONS = {"image": (UPDATE_RENDITIONS, None)}

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["-published_at"], name="update_published_idx")]
        permissions = [("manage_all_updates", "Can edit and delete any staff member's update")]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:update-detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the image for readers who cannot see it."}
            )

    @property
    def headline(self):
        first_line = self.body.strip().splitlines()[0] if self.body.strip() else ""
        return first_line if len(first_line) <= 80 else first_line[:79].rstrip() + "…"

    @property
    def body_after_headline(self):
        """The body without the first line when the headline already shows it whole.

        A first line with a web address stays, so the address is still a link.
        """
        body = self.body.strip()
        first, _newline, rest = body.partition("\n")
        if len(first) > 80 or "://" in first or "www." in first or "@" in first:
            return body
        return rest.strip()

    def cache_tags(self):
        """Its page, the lists, its author's page and its topics' pages."""
        return {
            f"update:{self.pk}",
            "list:updates",
            members_tag("person", self.author_id),
            *related_tags(self, "topics", "topic"),
        }

    @property
    def is_live(self):
        return self.published_at is not None and self.published_at <= timezone.now()

    def can_be_edited_by(self, user):
        return self._allows(user, "articles.change_update")

    def can_be_deleted_by(self, user):
        return self._allows(user, "articles.delete_update")

    def _allows(self, user, permission):
        if user.has_perm("articles.manage_all_updates"):
            return True
        return (
            user.is_authenticated and self.author.user_id == user.pk and user.has_perm(permission)
        )


class UpdateTopic(TaggedItemBase):
    content_object = models.ForeignKey(Update, on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="update_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_update_topic")
        ]
