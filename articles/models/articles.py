"""Articles, what readers may see of them, and their bylines and topics."""

import math
from collections import Counter
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import (
    Case,
    Max,
    Prefetch,
    When,
    prefetch_related_objects,
)
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from assets.documents import PdfField, validate_pdf
from assets.hero import (
    hero_alt_field,
    hero_caption_field,
    hero_image_field,
    hero_size_field,
    renditions_field,
)
from assets.media import documents_storage
from assets.pictures import with_renditions
from assets.renditions import RenditionsMixin, Spec, focal_field
from assets.uploads import UploadPath
from core.cache import ChangeTrackingQuerySet, cached_for_content, members_of
from core.richtext import (
    RichTextField,
    headings,
    plain_text,
)
from publishing.models import Publishable, PublishableQuerySet, related_tags
from publishing.models import published_q as published_q  # the door series read
from taxonomy.models import Region, Topic

WORDS_PER_MINUTE = 220
RELATED_CANDIDATES = 100  # per topic and region

HERO_RENDITIONS = (Spec("hero", (480, 960, 1600)), Spec("card", (400, 800), ratio=16 / 9))


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


class ArticleQuerySet(PublishableQuerySet, ChangeTrackingQuerySet):
    def with_bylines(self, *extra_person_fields):
        fields = (*BYLINE_PERSON_FIELDS, *extra_person_fields)
        bylines = ArticleAuthor.objects.select_related("person").only(
            "article_id", "order", *(f"person__{field}" for field in fields)
        )
        return self.prefetch_related(Prefetch("bylines", queryset=bylines))

    def for_listing(self):
        """Everything a list card shows, in a fixed number of queries (no bodies)."""
        return self.defer("body").with_bylines().prefetch_related("topics")

    def for_page(self):
        """Everything the article page shows besides the related boxes (and the body's
        images, which `body_html` fetches only for a body that has some)."""
        return self.select_related("series_entry__series").prefetch_related(
            *self.model.page_relations()
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
        """Recent published articles sharing the most topics and regions with `article`."""
        ranked = self.related_ids(article, limit)
        if not ranked:
            return self.none()
        order = Case(*(When(pk=pk, then=place) for place, pk in enumerate(ranked)))
        return self.published().filter(pk__in=ranked).order_by(order)

    def related_ids(self, article, limit=3):
        """The ids of `related_to(article)`, in order.

        Candidates are the newest articles of each of its topics and regions; those on
        the most of these lists come first, the newest of them first. The lists are kept
        per topic and region (`newest_filed_under`), so a page rendered for the first time
        reads none of the thousands of articles a popular topic has.
        """
        shared, newest = Counter(), {}
        for relation, terms in (
            ("topics", article.topics.all()),
            ("regions", article.regions.all()),
        ):
            # A live preview's topics typed in to be created on save have no articles yet.
            for term in (term for term in terms if term.pk is not None):
                for pk, published_at in Article.objects.newest_filed_under(relation, term):
                    shared[pk] += 1
                    newest[pk] = published_at
        shared.pop(article.pk, None)
        return sorted(shared, key=lambda pk: (-shared[pk], -newest[pk].timestamp()))[:limit]

    def newest_filed_under(self, relation, term):
        """[(pk, published_at)] of the newest published articles under `term` (a topic or
        a region, through `relation`), kept until an article joins or leaves it."""
        return cached_for_content(
            f"newest-filed-under:{relation}:{term.pk}",
            lambda: list(
                self.published()
                .filter(**{relation: term})
                .order_by("-published_at")
                .values_list("pk", "published_at")[:RELATED_CANDIDATES]
            ),
            tags=[members_of(term)],
        )

    def more_by(self, article, limit=3):
        """The lead author's other published work, newest first."""
        people = article.byline_people
        if not people:
            return self.none()
        return self.published().filter(authors=people[0]).exclude(pk=article.pk)[:limit]


class Article(RenditionsMixin, Publishable):
    class Kind(models.TextChoices):
        ANALYSIS = "analysis", "Analysis"
        COMMENTARY = "commentary", "Commentary"
        REPORT = "report", "Report"
        POLICY_BRIEF = "policy_brief", "Policy brief"
        NEWS = "news", "News"

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
    hero_image = hero_image_field(
        "articles",
        "Shown at the top of the article, ideally 1600 × 900 pixels. "
        "JPEG, PNG, WebP or GIF, at most 10 MB.",
    )
    hero_width = hero_size_field()
    hero_height = hero_size_field()
    hero_alt = hero_alt_field()
    hero_caption = hero_caption_field()
    hero_focal_x = focal_field("x")
    hero_focal_y = focal_field("y")
    hero_image_renditions = renditions_field()
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
        "topics",
        through="ArticleTopic",
        blank=True,
        help_text="Readers find articles by topic; pick two to four.",
        ordering=["name"],
    )
    regions = models.ManyToManyField(Region, related_name="articles", blank=True)
    featured = models.BooleanField(default=False, help_text="Featured articles lead the home page.")
    corrected_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the latest public correction was added: readers' 'updated' time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleQuerySet.as_manager()
    # Lists filter by kind and the home page picks featured pieces: a change to one moves it.
    CACHE_LISTED_BY = (*Publishable.CACHE_LISTED_BY, "kind", "featured")
    CACHE_TAG_RELATIONS = ("topics", "regions", "bylines", "series_entry")

    RENDITIONS = {"hero_image": (HERO_RENDITIONS, "hero")}

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The list order (newest first, id breaking ties), so pages can be
            # read from the index alone; the expiry rides along, so the published()
            # door's expiry test needs no visit to the table either.
            models.Index(
                fields=["status", "-published_at", "-id", "expires_at"],
                name="article_list_expiry_idx",
            ),
            models.Index(
                fields=["kind", "status", "-published_at"], name="article_kind_published_idx"
            ),
            models.Index(
                fields=["featured", "status", "-published_at"], name="article_featured_idx"
            ),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and archive articles"),
        ]

    def __str__(self):
        return self.title

    DOCUMENT_KINDS = (Kind.REPORT, Kind.POLICY_BRIEF)

    def save(self, *args, **kwargs):
        self._describe_pdf()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()  # publish and expiry dates
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
    def modified_at(self):
        """The time readers are told the article last changed: publication or a correction.

        Silent fixes (typos) change `updated_at` only.
        """
        return max(filter(None, [self.published_at, self.corrected_at]), default=None)

    def refresh_corrected_at(self):
        self.corrected_at = self.corrections.aggregate(latest=Max("created_at"))["latest"]
        Article.objects.filter(pk=self.pk).update(corrected_at=self.corrected_at)

    def add_correction(self, text, date=None):
        """Use `publishing.workflow.add_correction`, which audits it and keeps a revision."""
        fields = {"text": text} | ({"date": date} if date else {})
        return self.corrections.create(**fields)

    def cache_tags(self):
        """This article's page, the lists, and the hub pages it appears on."""
        tags = {
            *super().cache_tags(),
            *related_tags(self, "topics", "topic"),
            *related_tags(self, "regions", "region"),
            *related_tags(self, "bylines", "person", "person_id"),
        }
        try:
            tags.add(f"series:{self.series_entry.series_id}")
        except ObjectDoesNotExist:
            pass
        return tags

    def is_authored_by(self, user):
        """Whether `user` is in the byline; uses the admin list's byline prefetch if there."""
        if not user.is_authenticated:
            return False
        if "bylines" in getattr(self, "_prefetched_objects_cache", {}):
            return any(byline.person.user_id == user.pk for byline in self.bylines.all())
        return self.bylines.filter(person__user=user).exists()

    def author_users(self):
        """The accounts of the people in the byline (those who have one)."""
        return get_user_model().objects.filter(person__bylines__article=self).distinct()

    @cached_property
    def table_of_contents(self):
        return headings(self.body)

    @cached_property
    def body_html(self):
        """The body as readers get it: each uploaded image as responsive renditions."""
        if "<img " not in (self.body or ""):
            return self.body
        from .images import BODY_IMAGE_SIZES, BODY_IMAGE_SPEC, ArticleImage

        images = {
            image.image.url: (image.image, image.image_renditions)
            for image in ArticleImage.objects.filter(article=self).only(
                "image", "width", "height", "image_renditions"
            )
            if image.image
        }
        return with_renditions(self.body, images, BODY_IMAGE_SPEC, BODY_IMAGE_SIZES)

    @cached_property
    def reading_time(self):
        """Minutes to read the body, rounded up."""
        words = len(plain_text(self.body).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def series_navigation(self):
        """Where the article sits in its series: the live parts, and the ones either side."""
        try:
            entry = self.series_entry
        except Article.series_entry.RelatedObjectDoesNotExist:
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

    @classmethod
    def page_relations(cls):
        """The relations the article page shows, for `prefetch_related`."""
        bylines = ArticleAuthor.objects.select_related("person").only(
            "article_id",
            "order",
            *(f"person__{field}" for field in (*BYLINE_PERSON_FIELDS, "short_bio")),
        )
        return [Prefetch("bylines", queryset=bylines), "topics", "regions"]

    @property
    def byline_people(self):
        """Authors in byline order; uses the `for_listing()` prefetch when present, and
        loads the byline once (in one query) when it is not."""
        if "bylines" not in getattr(self, "_prefetched_objects_cache", {}):
            bylines = ArticleAuthor.objects.select_related("person")
            prefetch_related_objects([self], Prefetch("bylines", queryset=bylines))
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
