import time
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from taggit.models import Tag

from audit.models import AuditEvent, record
from people.models import Person
from revisions.admin import VersionedAdminMixin
from thinktank.admin_tools import (
    IMAGE_FIELD_OVERRIDES,
    RelatedValuesFilter,
    TopicAutocompleteMixin,
    thumbnail,
)

from .models import (
    Article,
    ArticleAuthor,
    ArticleAutosave,
    Correction,
    PreviewLink,
    Region,
    Series,
    SeriesEntry,
    Topic,
    Update,
)
from .views import render_preview
from .word_import_admin import ArticleImageInline, WordImportMixin

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


# Stacked, not tabular: a tabular inline names its inputs only by column headings, which
# screen readers do not announce; stacked rows have a <label> for each.
class ArticleAuthorInline(admin.StackedInline):
    model = ArticleAuthor
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order: lower numbers first)"


class MineFilter(admin.SimpleListFilter):
    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "My articles")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(bylines__person__user=request.user)
        return queryset


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["date", "text"]
    verbose_name_plural = (
        "public corrections (shown at the end of the article; fix typos without one)"
    )


PREVIEW_DAYS = 7


class PreviewLinkForm(forms.ModelForm):
    revoke = forms.BooleanField(
        required=False, help_text="Tick and save to stop the link working at once."
    )

    class Meta:
        model = PreviewLink
        fields = ["note", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expires_at"].initial = timezone.now() + timedelta(days=PREVIEW_DAYS)
        if not self.instance.pk or self.instance.revoked_at:
            self.fields["revoke"].disabled = True

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at and not self.instance.pk and expires_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return expires_at


class PreviewLinkInline(admin.StackedInline):  # stacked for its labels, as authors above
    model = PreviewLink
    form = PreviewLinkForm
    extra = 0
    fields = ["note", "expires_at", "link", "state", "revoke"]
    readonly_fields = ["link", "state"]
    verbose_name_plural = "preview links for outside reviewers (save the article to create one)"

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who was sent what stays

    @admin.display(description="link")
    def link(self, preview):
        if not preview.pk:
            return "Shown after saving."
        url = self.request.build_absolute_uri(preview.get_absolute_url())
        return format_html(
            '<input type="text" readonly value="{}" aria-label="Preview link" class="vTextField">',
            url,
        )

    @admin.display(description="state")
    def state(self, preview):
        if not preview.pk:
            return ""
        if preview.revoked_at:
            return "Revoked"
        return "Active" if preview.is_active else "Expired"

    def get_formset(self, request, obj=None, **kwargs):
        self.request = request
        return super().get_formset(request, obj, **kwargs)


EDITING_KEY = "editing:article:{pk}"
EDITING_SECONDS = 30 * 60


class ArticleAdminForm(forms.ModelForm):
    """The article form, refusing to overwrite changes saved since it was opened."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        loaded = self.cleaned_data.get("loaded_version")
        if self.instance.pk and loaded:
            saved = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if saved and saved.isoformat() != loaded:
                raise forms.ValidationError(self._conflict_message(saved), code="conflict")
        return cleaned

    def _conflict_message(self, saved):
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=str(self.instance.pk),
            )
            .select_related("user")
            .first()
        )
        who = (
            entry.user.get_full_name() or entry.user.get_username()
            if entry and entry.user
            else "Someone"
        )
        when = date_format(timezone.localtime(saved), "H:i")
        history = reverse("admin:articles_article_history", args=[self.instance.pk])
        return format_html(
            "{} saved this article at {}, after you opened it, so your changes were not saved "
            "(nothing is lost: they are still in this form). "
            '<a href="{}" target="_blank" rel="noopener">See their changes</a> in a new tab, '
            "copy what you need from here, then reload this page and apply your changes again.",
            who,
            when,
            history,
        )


@admin.register(Article)
class ArticleAdmin(VersionedAdminMixin, WordImportMixin, TopicAutocompleteMixin, admin.ModelAdmin):
    form = ArticleAdminForm

    class Media:
        js = ["js/autosave.js"]

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
    list_filter = ["status", MineFilter, "kind", "featured", TopicFilter, "regions", AuthorFilter]
    search_fields = ["title", "summary", "slug", "authors__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["regions"]
    inlines = [ArticleAuthorInline, ArticleImageInline]
    readonly_fields = ["pdf_details", "created_at", "updated_at"]
    actions = ["submit_for_review", "publish", "unpublish", "archive"]
    list_per_page = 50
    save_on_top = True
    formfield_overrides = IMAGE_FIELD_OVERRIDES
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

    # Who may do what -------------------------------------------------------------
    # Editors hold articles.publish_article. Staff are contributors: they write
    # their own articles and submit them for review, but cannot publish; every
    # rule is enforced here, on the server, not only by hiding buttons.

    def can_publish(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_publish_permission(self, request):
        return self.can_publish(request)

    def get_queryset(self, request):
        qs = (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("person"))
            )
        )
        if not self.can_publish(request):
            qs = qs.filter(bylines__person__user=request.user)  # "My drafts"
        return qs

    def has_add_permission(self, request):
        allowed = super().has_add_permission(request)
        return allowed and (self.can_publish(request) or hasattr(request.user, "person"))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or self.can_publish(request):
            return allowed
        # Contributors edit their own work until an editor publishes or archives it.
        return obj.status in Article.CONTRIBUTOR_STATUSES and obj.is_authored_by(request.user)

    def get_inlines(self, request, obj):
        if not self.can_publish(request):
            # The byline is the contributor's own; editors add co-authors.
            return [ArticleImageInline]
        return [ArticleAuthorInline, ArticleImageInline, CorrectionInline, PreviewLinkInline]

    def get_readonly_fields(self, request, obj=None):
        fields = [*self.readonly_fields, "publication"]
        if not self.can_publish(request):
            fields += ["published_at", "featured"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [list(fieldset) for fieldset in self.fieldsets]
        for fieldset in fieldsets:
            if fieldset[0] == "Publishing":
                fieldset[1] = {"fields": ["publication", "status", "published_at", "featured"]}
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self.can_publish(request) and "status" in form.base_fields:
            # A forged POST of "published" fails validation like any other bad choice.
            form.base_fields["status"].choices = [
                (value, label)
                for value, label in Article.Status.choices
                if value in Article.CONTRIBUTOR_STATUSES
            ]
            status = form.base_fields["status"]
            status.help_text = (
                "Choose “In review” when it is ready: an editor will review and publish it."
            )
        return self._restored_form(request, form, obj)

    def save_model(self, request, obj, form, change):
        before = (
            Article.objects.filter(pk=obj.pk).values_list("status", "published_at").first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        self._audit_transition(request, obj, before)
        # Saved for real: the background copy of this form has served its purpose.
        ArticleAutosave.objects.filter(user=request.user, article=obj if change else None).delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not self.can_publish(request) and not article.is_authored_by(request.user):
            ArticleAuthor.objects.create(article=article, person=request.user.person, order=0)

    def save_formset(self, request, form, formset, change):
        if formset.model is PreviewLink:
            self._save_preview_links(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    def _save_preview_links(self, request, formset):
        changed = formset.save(commit=False)  # also what the admin's change log reads
        for link_form in formset.forms:
            link = link_form.instance
            if not any(link is instance for instance in changed):
                continue
            if link.pk is None:
                link.created_by = request.user
                link.save()
                until = date_format(timezone.localtime(link.expires_at), "j M Y, H:i")
                record(
                    request.user,
                    AuditEvent.Action.PREVIEW_LINK,
                    link.article,
                    f"for {link.note}, until {until}",
                )
            elif link_form.cleaned_data.get("revoke"):
                link.revoked_at = timezone.now()
                link.save()
                record(
                    request.user,
                    AuditEvent.Action.REVOKE_PREVIEW_LINK,
                    link.article,
                    f"for {link.note}",
                )
            else:
                link.save()

    def _audit_transition(self, request, article, before):
        status, published_at = before or (None, None)
        if (status, published_at) == (article.status, article.published_at):
            return
        action = {
            Article.Status.IN_REVIEW: AuditEvent.Action.SUBMIT,
            Article.Status.ARCHIVED: AuditEvent.Action.ARCHIVE,
            Article.Status.DRAFT: AuditEvent.Action.UNPUBLISH
            if status in (Article.Status.PUBLISHED, Article.Status.ARCHIVED)
            else None,
        }.get(article.status)
        if article.status == Article.Status.PUBLISHED:
            action = (
                AuditEvent.Action.SCHEDULE if article.is_scheduled else AuditEvent.Action.PUBLISH
            )
        if action:
            record(request.user, action, article, article.state_label())

    # Concurrent editing ---------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and object_id:
            article = self.get_object(request, object_id)
            # Only someone who may edit it is "also editing": not a contributor trying ids.
            if article is not None and self.has_change_permission(request, article):
                self._note_editor(request, article.pk)
                self._offer_autosave(request, article)
        return super().change_view(request, object_id, form_url, extra_context)

    def _note_editor(self, request, object_id):
        """Record who has the form open, and tell them who else has."""
        key = EDITING_KEY.format(pk=object_id)
        now = time.time()
        editors = {
            user_id: entry
            for user_id, entry in (cache.get(key) or {}).items()
            if now - entry[1] < EDITING_SECONDS
        }
        others = [name for user_id, (name, _) in editors.items() if user_id != request.user.pk]
        editors[request.user.pk] = (
            request.user.get_full_name() or request.user.get_username(),
            now,
        )
        cache.set(key, editors, EDITING_SECONDS)
        if others:
            self.message_user(
                request,
                f"Also editing this article in the last 30 minutes: {', '.join(sorted(others))}. "
                "Whoever saves second is asked to reapply their changes, so agree who goes first.",
                messages.WARNING,
            )

    # Autosave ------------------------------------------------------------------------
    # static/js/autosave.js posts the form here every few seconds while it changes.
    # Nothing is applied: reopening the form offers the copy; saving discards it.

    AUTOSAVE_IGNORED = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother"}

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = None
        if object_id is not None:
            article = self.get_object(request, object_id)
            if article is None or not self.has_change_permission(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        data = {
            name: request.POST.getlist(name)
            for name in request.POST
            if name not in self.AUTOSAVE_IGNORED
        }
        draft, _ = ArticleAutosave.objects.update_or_create(
            user=request.user, article=article, defaults={"data": data}
        )
        saved = date_format(timezone.localtime(draft.saved_at), "H:i:s")
        return JsonResponse(
            {"saved_at": draft.saved_at.isoformat(), "message": f"Unsaved changes kept at {saved}."}
        )

    def _autosave_for(self, request, article):
        draft = ArticleAutosave.objects.filter(user=request.user, article=article).first()
        if draft and (article is None or draft.saved_at > article.updated_at):
            return draft
        return None

    def _offer_autosave(self, request, article):
        draft = self._autosave_for(request, article)
        if draft is None or request.GET.get("restore_autosave"):
            return
        when = date_format(timezone.localtime(draft.saved_at), "j M Y, H:i")
        self.message_user(
            request,
            format_html(
                "You have unsaved changes to this form from {}. "
                '<a href="?restore_autosave=1">Restore them</a> (check the form, then save), '
                "or carry on: they are discarded when you save.",
                when,
            ),
            messages.WARNING,
        )

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET":
            self._offer_autosave(request, None)
        return super().add_view(request, form_url, extra_context)

    def _restored_form(self, request, form, article):
        """The form class bound to the autosaved copy, when the editor asked for it."""
        draft = self._autosave_for(request, article)
        if request.method != "GET" or not request.GET.get("restore_autosave") or draft is None:
            return form
        data = QueryDict(mutable=True)
        for name, values in draft.data.items():
            data.setlist(name, values)

        class RestoredForm(form):
            def __init__(self, *args, **kwargs):
                if not args and kwargs.get("data") is None:
                    kwargs["data"] = data
                super().__init__(*args, **kwargs)

        return RestoredForm

    # Preview ---------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave_add",
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article, or it is not yours to see.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        state = article.state_label()
        return render_preview(
            request,
            article,
            f"This is how readers will see it once published. Current state: {state}.",
        )

    @admin.display(description="publication")
    def publication(self, article):
        if not article.pk:
            return "Not saved yet."
        preview = reverse("admin:articles_article_preview", args=[article.pk])
        return format_html('{} · <a href="{}">Preview</a>', article.state_label(), preview)

    def view_on_site(self, article):
        # Drafts have no public page yet; a button leading to a 404 would mislead.
        return article.get_absolute_url() if article.is_live else None

    @admin.display(description="image")
    def image(self, article):
        return thumbnail(article.hero_image, article.hero_alt)

    @admin.display(description="status", ordering="status")
    def state(self, article):
        return article.state_label()

    @admin.display(description="PDF as readers see it")
    def pdf_details(self, article):
        if not article.pdf:
            return "No PDF."
        pages = f", {article.pdf_pages} pages" if article.pdf_pages else ""
        return f"{filesizeformat(article.pdf_size or 0)}{pages}"

    @admin.display(description="authors")
    def byline(self, article):
        return ", ".join(person.name for person in article.byline_people) or "—"

    def _bulk_transition(self, request, queryset, status, message):
        """Move each selected article to `status`, auditing each change, and report."""
        now, count = timezone.now(), 0
        for article in queryset:
            before = (article.status, article.published_at)
            article.status = status
            if status == Article.Status.PUBLISHED and article.published_at is None:
                article.published_at = now
            if (article.status, article.published_at) == before:
                continue
            article.save(update_fields=["status", "published_at", "updated_at"])
            self._audit_transition(request, article, before)
            count += 1
        self.message_user(
            request, message.format(count=count, s="s" if count != 1 else ""), messages.SUCCESS
        )

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        queryset = queryset.filter(status=Article.Status.DRAFT)
        self._bulk_transition(
            request,
            queryset,
            Article.Status.IN_REVIEW,
            "{count} article{s} submitted for review.",
        )

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            Article.Status.PUBLISHED,
            "{count} article{s} published. Any with a future publish date go live at that time.",
        )

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            Article.Status.DRAFT,
            "{count} article{s} moved back to draft; readers no longer see them.",
        )

    @admin.action(
        description="Archive selected articles (off the site, kept)", permissions=["publish"]
    )
    def archive(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            Article.Status.ARCHIVED,
            "{count} article{s} archived; readers no longer see them.",
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
    formfield_overrides = IMAGE_FIELD_OVERRIDES
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
