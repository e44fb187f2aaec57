import math
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from thinktank.cache import ChangeTrackingQuerySet
from thinktank.images import validate_image
from thinktank.renditions import RenditionsMixin, Spec
from thinktank.richtext import RichTextField, headings, plain_text

WORDS_PER_MINUTE = 220
RELATED_CANDIDATES = 500

HERO_RENDITIONS = (Spec("hero", (480, 960, 1600)), Spec("card", (400, 800), ratio=16 / 9))
UPDATE_RENDITIONS = (Spec("wide", (400, 800)),)


def focal_field(axis):
    edge = "left edge (0) to the right (100)" if axis == "x" else "top (0) to the bottom (100)"
    return models.PositiveSmallIntegerField(
        f"focal point {'across' if axis == 'x' else 'down'} (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=f"Where the subject is, from the {edge}. Cropped versions keep it in frame.",
    )


# What a byline shows of a person; biographies stay in the database. The image
# dimensions must come along, or Django fetches them person by person.
BYLINE_PERSON_FIELDS = (
    "name",
    "slug",
    "role",
    "photo",
    "photo_width",
    "photo_height",
    "photo_renditions",
    "is_active",
)
UPDATE_MAX_LENGTH = 1000


def published_q(prefix=""):
    """The condition for an article readers may see, optionally across a relation."""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


def _count(queryset, per):
    """How many rows of `queryset` there are for each `per` value, as a subquery."""
    counts = queryset.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts[:1]), 0)


class TopicQuerySet(ChangeTrackingQuerySet):
    def with_article_counts(self):
        # Aggregating drops Meta.ordering; keep it, or paged lists come unordered.
        return self.annotate(
            article_count=Count(
                "article_links", filter=published_q("article_links__content_object__")
            )
        ).order_by("name")


class Topic(TagBase):
    """A subject readers follow, e.g. "Counter-terrorism". Has its own page."""

    description = models.TextField(
        blank=True, help_text="One or two sentences introducing the topic on its page."
    )

    objects = NaturalKeyManager.from_queryset(TopicQuerySet)()

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("articles:topic-detail", kwargs={"slug": self.slug})


class RegionQuerySet(ChangeTrackingQuerySet):
    def with_article_counts(self):
        return self.annotate(
            article_count=Count("articles", filter=published_q("articles__"))
        ).order_by("name")


class Region(models.Model):
    """A part of the world the analysis covers, e.g. "North Africa"."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences introducing the region on its page."
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:region-detail", kwargs={"slug": self.slug})


class ArticleQuerySet(ChangeTrackingQuerySet):
    def published(self):
        """What readers may see: published, with a publish time that has passed."""
        return self.filter(published_q())

    def with_bylines(self):
        bylines = ArticleAuthor.objects.select_related("person").only(
            "article_id", "order", *(f"person__{field}" for field in BYLINE_PERSON_FIELDS)
        )
        return self.prefetch_related(Prefetch("bylines", queryset=bylines))

    def for_listing(self):
        """Everything a list card shows, in a fixed number of queries (no bodies)."""
        return self.defer("body").with_bylines().prefetch_related("topics")

    def filter_by(self, *, topic=None, region=None, kind=None, author=None, year=None):
        qs = self
        if topic:
            qs = qs.filter(topics=topic)
        if region:
            qs = qs.filter(regions=region)
        if kind:
            qs = qs.filter(kind=kind)
        if author:
            qs = qs.filter(authors=author)
        if year:
            qs = qs.filter(published_at__year=year)
        return qs

    def related_to(self, article, limit=3):
        """Recent published articles sharing the most topics and regions with `article`.

        Candidates are the most recent articles sharing any topic or region, so
        the query stays fast however many thousands of articles a popular topic
        has, and recent work outranks older work that shares as much.
        """
        topic_ids = [topic.pk for topic in article.topics.all()]
        region_ids = [region.pk for region in article.regions.all()]
        if not topic_ids and not region_ids:
            return self.none()
        shares = Q()
        if topic_ids:
            shares |= Exists(
                ArticleTopic.objects.filter(content_object=OuterRef("pk"), tag__in=topic_ids)
            )
        if region_ids:
            shares |= Exists(
                Article.regions.through.objects.filter(
                    article=OuterRef("pk"), region__in=region_ids
                )
            )
        candidates = (
            Article.objects.published()
            .exclude(pk=article.pk)
            .filter(shares)
            .order_by("-published_at")
            .values("pk")[:RELATED_CANDIDATES]
        )
        # Counted in subqueries: joining topics and regions together would
        # multiply the rows and the counts.
        shared_topics = ArticleTopic.objects.filter(
            content_object=OuterRef("pk"), tag__in=topic_ids or [0]
        )
        shared_regions = Article.regions.through.objects.filter(
            article=OuterRef("pk"), region__in=region_ids or [0]
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(
                shared=_count(shared_topics, "content_object") + _count(shared_regions, "article")
            )
            .order_by("-shared", "-published_at")[:limit]
        )

    def more_by(self, article, limit=3):
        """The lead author's other published work, newest first."""
        people = article.byline_people
        if not people:
            return self.none()
        return self.published().filter(authors=people[0]).exclude(pk=article.pk)[:limit]


class Article(RenditionsMixin, models.Model):
    class Kind(models.TextChoices):
        ANALYSIS = "analysis", "Analysis"
        COMMENTARY = "commentary", "Commentary"
        REPORT = "report", "Report"
        POLICY_BRIEF = "policy_brief", "Policy brief"
        NEWS = "news", "News"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250,
        unique=True,
        help_text="The article’s web address: /articles/this-slug/. Filled in from the title; "
        "avoid changing it once published, readers may have bookmarked it.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ANALYSIS)
    summary = models.TextField(
        max_length=400,
        help_text="Plain text, one to three sentences. Shown in lists and to search engines.",
    )
    body = RichTextField(
        blank=True,
        help_text="Use Heading 2 for sections: they become the table of contents.",
    )
    hero_image = models.ImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        validators=[validate_image],
        width_field="hero_width",
        height_field="hero_height",
        help_text="Shown at the top of the article, ideally 1600 × 900 pixels. "
        "JPEG, PNG, WebP or GIF, at most 10 MB.",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "image alt text",
        max_length=250,
        blank=True,
        help_text="Describe what the image shows for readers who cannot see it. "
        "Required when there is an image.",
    )
    hero_caption = models.CharField("image caption", max_length=300, blank=True)
    hero_focal_x = focal_field("x")
    hero_focal_y = focal_field("y")
    hero_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    hero_credit = models.CharField(
        "image credit", max_length=200, blank=True, help_text='e.g. "Photo: ISPR".'
    )
    authors = models.ManyToManyField(
        "people.Person", through="ArticleAuthor", related_name="articles", blank=True
    )
    # Topics are listed by name everywhere. (taggit's default, the order they were added
    # in, is lost when prefetched: PostgreSQL would list them in any order.)
    topics = TaggableManager(
        through="ArticleTopic",
        blank=True,
        help_text="Readers find articles by topic; pick two to four.",
        ordering=["name"],
    )
    regions = models.ManyToManyField(Region, related_name="articles", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish date",
        null=True,
        blank=True,
        help_text="Readers see a published article from this moment. Left empty, it is set "
        "to the moment you publish.",
    )
    featured = models.BooleanField(default=False, help_text="Featured articles lead the home page.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    RENDITIONS = {"hero_image": (HERO_RENDITIONS, "hero")}

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The list order (newest first, id breaking ties), so pages can be
            # read from the index alone.
            models.Index(fields=["status", "-published_at", "-id"], name="article_list_idx"),
            models.Index(
                fields=["kind", "status", "-published_at"], name="article_kind_published_idx"
            ),
            models.Index(
                fields=["featured", "status", "-published_at"], name="article_featured_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the image for readers who cannot see it."})

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @cached_property
    def table_of_contents(self):
        return headings(self.body)

    @cached_property
    def reading_time(self):
        """Minutes to read the body, rounded up."""
        words = len(plain_text(self.body).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def byline_people(self):
        """Authors in byline order; uses the `for_listing()` prefetch when present."""
        return [byline.person for byline in self.bylines.all()]


class ArticleAuthor(models.Model):
    """One author's place in an article's byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "author"
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_article_author")
        ]

    def __str__(self):
        return f"{self.person} on “{self.article}”"


class ArticleTopic(TaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic")
        ]


class UpdateQuerySet(ChangeTrackingQuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())

    def for_listing(self):
        return self.select_related("author").prefetch_related("topics")

    def by(self, user):
        return self.filter(author__user=user)


class Update(RenditionsMixin, models.Model):
    """A short post by a staff member: the think tank's news feed."""

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
    image = models.ImageField(
        upload_to="updates/%Y/%m/",
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
    topics = TaggableManager(through="UpdateTopic", blank=True, ordering=["name"])
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
