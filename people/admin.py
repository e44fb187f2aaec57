from django.contrib import admin

from assets.admin_tools import IMAGE_FIELD_OVERRIDES, thumbnail
from core.admin_tools import RECORD_FIELDSET
from publishing.admin import VersionedAdminMixin
from redirects.address_admin import AddressChangeAdminMixin
from taxonomy.admin import TopicAutocompleteMixin, TopicFilter

from .models import Person, PersonLink

# What only editors may change on a profile; staff editing their own see these
# read-only.
EDITOR_ONLY_FIELDS = ["slug", "kind", "account", "is_active", "sort_order", "index_name"]


class ExpertiseFilter(TopicFilter):
    title = "expertise"
    parameter_name = "expertise"
    lookup = "expertise__slug"


class PersonLinkInline(admin.TabularInline):
    model = PersonLink
    fields = ["label", "url", "order"]
    extra = 1


@admin.register(Person)
class PersonAdmin(
    AddressChangeAdminMixin, VersionedAdminMixin, TopicAutocompleteMixin, admin.ModelAdmin
):
    list_display = ["portrait", "name", "role", "kind", "is_active", "sort_order", "user"]
    list_display_links = ["portrait", "name"]
    list_filter = ["kind", "is_active", ExpertiseFilter, "regions"]
    list_select_related = ["user"]
    search_fields = ["name", "role", "short_bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "regions"]
    inlines = [PersonLinkInline]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    formfield_overrides = IMAGE_FIELD_OVERRIDES
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "role",
                    "kind",
                    "photo",
                    ("photo_focal_x", "photo_focal_y"),
                ]
            },
        ),
        ("Biography", {"fields": ["short_bio", "bio", "expertise", "regions", "languages"]}),
        (
            "Media contact",
            {
                "fields": ["media_email", "phone"],
                "description": "Shown on the profile with a “Request an interview” link. "
                "Add websites and social profiles (ORCID, LinkedIn, Bluesky…) under "
                "External links below.",
            },
        ),
        ("Directory", {"fields": ["is_active", "sort_order", "index_name", "user"]}),
        RECORD_FIELDSET,
    ]

    def view_on_site(self, person):
        # Hidden profiles have no public page.
        return person.get_absolute_url() if person.is_active else None

    def _edits_everyone(self, request):
        return request.user.has_perm("people.change_person")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self._edits_everyone(request) or request.user.has_perm("people.view_person"):
            return qs
        return qs.filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if super().has_change_permission(request, obj):
            return True
        if not request.user.has_perm("people.change_own_person"):
            return False
        return obj is None or obj.can_be_edited_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        if self._edits_everyone(request):
            return self.readonly_fields
        return [*self.readonly_fields, *EDITOR_ONLY_FIELDS]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._edits_everyone(request):
            return fieldsets
        # Staff see their login as plain text: the user admin is not theirs to open.
        return [
            (
                name,
                {**options, "fields": ["account" if f == "user" else f for f in options["fields"]]},
            )
            for name, options in fieldsets
        ]

    @admin.display(description="login account")
    def account(self, person):
        return person.user.get_username() if person.user_id else "—"

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if self._edits_everyone(request) else {}

    @admin.display(description="photo")
    def portrait(self, person):
        return thumbnail(person.photo, person.name)
