"""The staff updates admin: staff post under their own name; some manage everyone's."""

from django.contrib import admin

from assets.admin_tools import IMAGE_FIELD_OVERRIDES, thumbnail
from core.admin_tools import RECORD_FIELDSET
from publishing.admin import VersionedAdminMixin
from taxonomy.admin import TopicAutocompleteMixin, TopicFilter

from ..models import Update
from .filters import UpdateAuthorFilter


@admin.register(Update)
class UpdateAdmin(VersionedAdminMixin, TopicAutocompleteMixin, admin.ModelAdmin):
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
        fieldsets = super().get_fieldsets(request, obj)
        if self._manages_all(request):
            return fieldsets
        # Staff post under their own name only.
        main, *rest = fieldsets
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
