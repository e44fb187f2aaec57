import math
from functools import cached_property

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from assets.documents import PdfField, validate_pdf
from assets.images import WebImageField, validate_image
from assets.media import documents_storage
from assets.renditions import RenditionsMixin, Spec
from assets.uploads import UploadPath
from core.cache import ChangeTrackingQuerySet
from core.richtext import (
    RichTextField,
    headings,
    plain_text,
    sanitize_html,
    set_image_alt,
)

from .publish_date import publish_date_required, stamp_publish_date

WORDS_PER_MINUTE = 220
RELATED_CANDIDATES = 500

HERO_RENDITIONS = (Spec("hero", (480, 960, 1600)), Spec("card", (400, 800), ratio=16 / 9))
UPDATE_RENDITIONS = (Spec("wide", (400, 800)),)
BODY_IMAGE_RENDITIONS = (Spec("body", (400, 800, 1600)),)


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

    def for_page(self):
        """Everything the article page shows besides the related boxes."""
        return (
            self.with_bylines()
            .select_related("series_entry__series")
            .prefetch_related("topics", "regions")
        )

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
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    # What a contributor without the publish permission may set.
    CONTRIBUTOR_STATUSES = (Status.DRAFT, Status.IN_REVIEW)

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
    hero_image = WebImageField(
        upload_to=UploadPath("articles"),
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
    pdf = PdfField(
        "PDF",
        upload_to=UploadPath("reports"),
        storage=documents_storage,  # private: readers download it through the article only
        blank=True,
        validators=[validate_pdf],
        help_text="Reports and policy briefs only: the full document readers download. "
        "At most 50 MB.",
    )
    pdf_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True, editable=False)
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
    corrected_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the latest public correction was added: readers' 'updated' time.",
    )
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
        constraints = [publish_date_required("article")]
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and archive articles"),
        ]

    def __str__(self):
        return self.title

    DOCUMENT_KINDS = (Kind.REPORT, Kind.POLICY_BRIEF)

    def save(self, *args, **kwargs):
        stamp_publish_date(self)
        self._describe_pdf()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        stamp_publish_date(self)  # before forms check the constraint
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the image for readers who cannot see it."})
        if self.pdf and self.kind not in self.DOCUMENT_KINDS:
            raise ValidationError(
                {
                    "pdf": "Only reports and policy briefs carry a PDF. Change the kind to "
                    "Report or Policy brief, or remove the PDF."
                }
            )

    def _describe_pdf(self):
        """Record a new PDF's size and page count, which readers see beside the link."""
        if not self.pdf:
            self.pdf_size = self.pdf_pages = None
        elif not self.pdf._committed or self.pdf_size is None:
            self.pdf_size = self.pdf.size
            # Counted by the field's check, which refuses anything but a safe PDF.
            self.pdf_pages = self.pdf.page_count()

    @property
    def has_document(self):
        return bool(self.pdf) and self.kind in self.DOCUMENT_KINDS

    def get_document_url(self):
        return reverse("articles:document", kwargs={"slug": self.slug})

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and bool(self.published_at) and not self.is_live

    @property
    def modified_at(self):
        """The time readers are told the article last changed: publication or a correction.

        Silent fixes (typos) change `updated_at` only.
        """
        return max(filter(None, [self.published_at, self.corrected_at]), default=None)

    def state_label(self):
        """'Draft', 'In review', 'Published', 'Archived' or 'Scheduled for … (in …)'."""
        if self.is_scheduled:
            when = date_format(timezone.localtime(self.published_at), "j M Y, H:i")
            return f"Scheduled for {when} (in {timeuntil(self.published_at)})"
        return self.get_status_display()

    def refresh_corrected_at(self):
        self.corrected_at = self.corrections.aggregate(latest=Max("created_at"))["latest"]
        Article.objects.filter(pk=self.pk).update(corrected_at=self.corrected_at)

    def is_authored_by(self, user):
        """Whether `user` is in the byline; uses the admin list's byline prefetch if there."""
        if not user.is_authenticated:
            return False
        if "bylines" in getattr(self, "_prefetched_objects_cache", {}):
            return any(byline.person.user_id == user.pk for byline in self.bylines.all())
        return self.bylines.filter(person__user=user).exists()

    @cached_property
    def table_of_contents(self):
        return headings(self.body)

    @cached_property
    def reading_time(self):
        """Minutes to read the body, rounded up."""
        words = len(plain_text(self.body).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def series_navigation(self):
        """Where the article sits in its series: the live parts, and the ones either side."""
        try:
            entry = self.series_entry
        except SeriesEntry.DoesNotExist:
            return None
        parts = list(entry.series.published_articles().only("pk", "title", "slug"))
        index = next((i for i, part in enumerate(parts) if part.pk == self.pk), None)
        if index is None:
            return None
        return {
            "series": entry.series,
            "position": index + 1,
            "count": len(parts),
            "previous": parts[index - 1] if index > 0 else None,
            "next": parts[index + 1] if index + 1 < len(parts) else None,
        }

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


class ArticleImage(RenditionsMixin, models.Model):
    """A picture shown in an article's text, e.g. a chart from an imported Word file.

    The text links the uploaded original (stored without camera metadata), so the
    link stays valid whatever renditions are remade.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = WebImageField(
        upload_to=UploadPath("articles/body"),
        validators=[validate_image],
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, WebP or GIF, at most 10 MB.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    alt = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="Describe what the image shows for readers who cannot see it. "
        "Saving it here also sets it on the image in the text.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    RENDITIONS = {"image": (BODY_IMAGE_RENDITIONS, None)}

    class Meta:
        ordering = ["pk"]
        verbose_name = "image in the text"
        verbose_name_plural = "images in the text"

    def __str__(self):
        return self.alt or f"Image {self.pk}"

    def save(self, *args, **kwargs):
        stored_alt = (
            ArticleImage.objects.filter(pk=self.pk).values_list("alt", flat=True).first()
            if self.pk
            else None
        )
        super().save(*args, **kwargs)
        if self.alt != stored_alt:
            self.set_alt_in_body()

    def set_alt_in_body(self):
        """Give the article's copies of this image this alt text: readers see those."""
        if not self.image or not self.article.body:
            return
        body = sanitize_html(set_image_alt(self.article.body, self.image.url, self.alt))
        if body != self.article.body:
            self.article.body = body
            Article.objects.filter(pk=self.article_id).update(body=body, updated_at=timezone.now())


class ArticleTopic(TaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic")
        ]


class ArticleAutosave(models.Model):
    """An editor's unsaved changes to one article form, kept in the background.

    One per person and article (the add form has no article yet). It is never
    applied on its own: reopening the form offers it, and saving the article
    discards it. Revisions record saves only, so autosaves never crowd them.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    data = models.JSONField(help_text="The form's fields as posted: name → list of values.")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_form"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="one_autosave_per_add_form",
            ),
        ]

    def __str__(self):
        return f"Unsaved changes by {self.user} to {self.article or 'a new article'}"


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A signed, expiring, revocable link showing one unpublished article to an outsider."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
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

    def __str__(self):
        return f"Preview of “{self.article}” for {self.note}"

    def get_absolute_url(self):
        return reverse("articles:shared-preview", kwargs={"token": self.token})

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
        return cls.objects.select_related("article").filter(pk=pk).first()

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


PREVIEW_SALT = "articles.preview-link"


class Correction(models.Model):
    """A dated public note on a published article that an error was corrected."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(default=timezone.localdate)
    text = models.TextField(
        max_length=1000,
        help_text="Plain text, e.g. 'An earlier version misstated the date of the visit.' "
        "Readers see it at the end of the article.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"Correction, {date_format(self.date, 'j F Y')}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.article.refresh_corrected_at()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.article.refresh_corrected_at()
        return result


class SeriesQuerySet(ChangeTrackingQuerySet):
    def with_article_counts(self):
        return self.annotate(
            article_count=Count("entries", filter=published_q("entries__article__"))
        ).order_by("title")


class Series(models.Model):
    """Articles meant to be read in order, e.g. a five-part study of Gulf security."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences introducing the series on its page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:series-detail", kwargs={"slug": self.slug})

    def published_articles(self):
        """The series' live articles in reading order."""
        return (
            Article.objects.published()
            .filter(series_entry__series=self)
            .order_by("series_entry__position", "series_entry__pk")
        )


class SeriesEntry(models.Model):
    """An article's place in its series. An article belongs to one series at most."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="entries")
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="series_entry")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "article in the series"
        verbose_name_plural = "articles (in reading order: lower numbers first)"
        indexes = [models.Index(fields=["series", "position"], name="series_entry_order_idx")]

    def __str__(self):
        return f"{self.article} in {self.series}"


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
