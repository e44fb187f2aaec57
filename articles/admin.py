from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import Tag

from people.models import Person
from revisions.admin import VersionedAdminMixin
from thinktank.admin_tools import RelatedValuesFilter, TopicAutocompleteMixin, thumbnail

from .models import Article, ArticleAuthor, Region, Series, SeriesEntry, Topic, Update

# Topics replace taggit's generic tags; hide its unused model from editors.
admin.site.unregister(Tag)

RECORD_FIELDSET = ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]})


class TopicFilter(RelatedValuesFilter):
    title = "topic"
    parameter_name = "topic"
    model = Topic
    lookup = "topics__slug"


class AuthorFilter(RelatedValuesFilter):
    title = "author"
    parameter_name = "author"
    model = Person
    lookup = "authors__slug"


class UpdateAuthorFilter(AuthorFilter):
    lookup = "author__slug"


class CountingChangeList(ChangeList):
    """Counts published articles on the list page only, not in the autocomplete."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).with_article_counts()


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description"]

    def get_changelist(self, request, **kwargs):
        return CountingChangeList

    @admin.display(description="published articles", ordering="article_count")
    def article_count(self, topic):
        return topic.article_count


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_changelist(self, request, **kwargs):
        return CountingChangeList

    @admin.display(description="published articles", ordering="article_count")
    def article_count(self, region):
        return region.article_count


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order: lower numbers first)"


@admin.register(Article)
class ArticleAdmin(VersionedAdminMixin, TopicAutocompleteMixin, admin.ModelAdmin):
    list_display = [
        "image",
        "title",
        "kind",
        "state",
        "byline",
        "published_at",
        "updated_at",
        "featured",
    ]
    list_display_links = ["image", "title"]
    list_filter = ["status", "kind", "featured", TopicFilter, "regions", AuthorFilter]
    search_fields = ["title", "summary", "slug", "authors__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["regions"]
    inlines = [ArticleAuthorInline]
    readonly_fields = ["pdf_details", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    list_per_page = 50
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body"]}),
        (
            "Image",
            {
                "fields": [
                    "hero_image",
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                    ("hero_focal_x", "hero_focal_y"),
                ]
            },
        ),
        (
            "Report PDF",
            {
                "fields": ["pdf", "pdf_details"],
                "description": "For reports and policy briefs: readers download it from the "
                "article page, and search engines index it as the full text.",
            },
        ),
        ("Topics and regions", {"fields": ["topics", "regions"]}),
        ("Publishing", {"fields": ["status", "published_at", "featured"]}),
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("person"))
            )
        )

    def view_on_site(self, article):
        # Drafts have no public page yet; a button leading to a 404 would mislead.
        return article.get_absolute_url() if article.is_live else None

    @admin.display(description="image")
    def image(self, article):
        return thumbnail(article.hero_image, article.hero_alt)

    @admin.display(description="status", ordering="status")
    def state(self, article):
        if article.is_live:
            return "Published"
        if article.status == Article.Status.PUBLISHED:
            when = date_format(timezone.localtime(article.published_at), "j M Y, H:i")
            return f"Scheduled for {when}"
        return "Draft"

    @admin.display(description="PDF as readers see it")
    def pdf_details(self, article):
        if not article.pdf:
            return "No PDF."
        pages = f", {article.pdf_pages} pages" if article.pdf_pages else ""
        return f"{filesizeformat(article.pdf_size or 0)}{pages}"

    @admin.display(description="authors")
    def byline(self, article):
        return ", ".join(person.name for person in article.byline_people) or "—"

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        queryset.filter(published_at__isnull=True).update(published_at=now)
        count = queryset.update(status=Article.Status.PUBLISHED, updated_at=now)
        self.message_user(
            request,
            f"{count} article{'s' if count != 1 else ''} published. Any with a future "
            "publish date go live at that time.",
            messages.SUCCESS,
        )

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=Article.Status.DRAFT, updated_at=timezone.now())
        self.message_user(
            request,
            f"{count} article{'s' if count != 1 else ''} moved back to draft; "
            "readers no longer see them.",
            messages.SUCCESS,
        )


class SeriesEntryInline(admin.TabularInline):
    model = SeriesEntry
    autocomplete_fields = ["article"]
    fields = ["article", "position"]
    extra = 1


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "parts"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "description"]
    inlines = [SeriesEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(part_count=Count("entries"))

    @admin.display(description="articles", ordering="part_count")
    def parts(self, series):
        return series.part_count

    def view_on_site(self, series):
        return series.get_absolute_url()


@admin.register(Update)
class UpdateAdmin(TopicAutocompleteMixin, admin.ModelAdmin):
    list_display = ["image_preview", "headline", "author", "published_at", "updated_at"]
    list_display_links = ["image_preview", "headline"]
    list_filter = [UpdateAuthorFilter, TopicFilter]
    list_select_related = ["author"]
    search_fields = ["body", "author__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["author"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["author", "body", "link", "topics", "published_at"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        RECORD_FIELDSET,
    ]

    def view_on_site(self, update):
        return update.get_absolute_url() if update.is_live else None

    def _manages_all(self, request):
        return request.user.has_perm("articles.manage_all_updates")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if self._manages_all(request) else qs.by(request.user)

    def get_fieldsets(self, request, obj=None):
        if self._manages_all(request):
            return self.fieldsets
        # Staff post under their own name only.
        main, *rest = self.fieldsets
        fields = [f for f in main[1]["fields"] if f != "author"]
        return [(None, {"fields": fields}), *rest]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return self._manages_all(request) or hasattr(request.user, "person")

    def save_model(self, request, obj, form, change):
        if not self._manages_all(request) and not change:
            obj.author = request.user.person
        super().save_model(request, obj, form, change)

    @admin.display(description="image")
    def image_preview(self, update):
        return thumbnail(update.image, update.image_alt)

    @admin.display(description="update")
    def headline(self, update):
        return update.headline
