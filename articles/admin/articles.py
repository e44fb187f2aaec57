"""The article admin: the form's fields, who may do what, saving, and the preview."""

from django.contrib import admin
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from assets.admin_tools import IMAGE_FIELD_OVERRIDES
from core.admin_tools import RECORD_FIELDSET
from publishing import workflow
from publishing.admin import (
    EditorialNoteInline,
    PreviewAdminMixin,
    PreviewLinkInline,
    PublishableAdminMixin,
    save_preview_links,
)
from publishing.models import PreviewLink
from redirects.address_admin import AddressChangeAdminMixin
from taxonomy.admin import TopicAutocompleteMixin

from ..models import Article, ArticleAuthor, Correction
from ..word_import_admin import ArticleImageInline, WordImportMixin
from .actions import ArticleActionsMixin
from .autosave import AutosaveMixin
from .forms import ArticleAdminForm
from .inlines import ArticleAuthorInline, CorrectionInline
from .lists import ArticleListMixin
from .presence import EditingPresenceMixin


@admin.register(Article)
class ArticleAdmin(
    EditingPresenceMixin,
    AutosaveMixin,
    ArticleListMixin,
    ArticleActionsMixin,
    AddressChangeAdminMixin,
    PreviewAdminMixin,
    PublishableAdminMixin,
    WordImportMixin,
    TopicAutocompleteMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm

    class Media:
        js = ["js/autosave.js"]

    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["regions"]
    inlines = [ArticleAuthorInline, ArticleImageInline]
    readonly_fields = ["pdf_details", "created_at", "updated_at"]
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
        # State, publish and expiry dates: the publishing panel's buttons (publishing/admin).
        ("Publishing", {"fields": ["featured"]}),
        RECORD_FIELDSET,
    ]

    # Who may do what -------------------------------------------------------------
    # The rules are the workflow's (publishing/workflow.py), which checks them again on
    # every change: editors hold articles.publish_article; staff are contributors who
    # write their own articles and submit them for review. The admin asks the same
    # functions only to decide what to show.

    def can_publish(self, request):
        return workflow.may_publish(request.user, Article)

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
        if not allowed or obj is None:
            return allowed
        # Contributors edit their own work until an editor publishes or archives it.
        return workflow.may_edit(request.user, obj)

    def get_inlines(self, request, obj):
        if not self.can_publish(request):
            # The byline is the contributor's own; editors add co-authors.
            return [ArticleImageInline, EditorialNoteInline]
        return [
            ArticleAuthorInline,
            ArticleImageInline,
            CorrectionInline,
            PreviewLinkInline,
            EditorialNoteInline,
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not self.can_publish(request):
            fields += ["featured"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return self._restored_form(request, form, obj)

    def save_relations(self, request, form, formsets, change):
        super().save_relations(request, form, formsets, change)
        article = form.instance
        if not self.can_publish(request) and not article.is_authored_by(request.user):
            ArticleAuthor.objects.create(article=article, person=request.user.person, order=0)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._discard_autosave(request, form.instance if change else None)

    def save_formset(self, request, form, formset, change):
        if formset.model is PreviewLink:
            save_preview_links(request.user, formset)
        elif formset.model is Correction:
            self._save_corrections(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    def _save_corrections(self, request, formset):
        """New corrections go through the workflow (audited); edits to old ones are saves."""
        for correction in formset.save(commit=False):
            if correction.pk is None:
                workflow.add_correction(
                    formset.instance, request.user, correction.text, date=correction.date
                )
            else:
                correction.save()
        for correction in formset.deleted_objects:
            correction.delete()

    # Editing ------------------------------------------------------------------------
    # Who else has the form open (presence.py), and any unsaved copy of it (autosave.py).

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and object_id:
            article = self.get_object(request, object_id)
            # Only someone who may edit it is "also editing": not a contributor trying ids.
            if article is not None and self.has_change_permission(request, article):
                self._note_editor(request, article.pk)
                self._offer_autosave(request, article)
        return super().change_view(request, object_id, form_url, extra_context)

    # The preview page, its link in "publication" and "View on site": PreviewAdminMixin.

    def get_urls(self):
        return [*self.autosave_urls(), *super().get_urls()]

    def live_preview_relations(self, request, form, formsets):
        relations = super().live_preview_relations(request, form, formsets)
        article = form.instance
        if "bylines" not in relations and article.pk is None and hasattr(request.user, "person"):
            # A contributor's new article: saving puts them in the byline.
            relations["bylines"] = [ArticleAuthor(person=request.user.person, order=0)]
        if relations.get("corrections") and not article.corrected_at:
            article.corrected_at = timezone.now()  # as adding the correction will
        return relations

    @admin.display(description="PDF as readers see it")
    def pdf_details(self, article):
        if not article.pdf:
            return "No PDF."
        pages = f", {article.pdf_pages} pages" if article.pdf_pages else ""
        return f"{filesizeformat(article.pdf_size or 0)}{pages}"
