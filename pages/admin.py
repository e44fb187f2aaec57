"""Pages in the admin: the tree as a list, the form, the menus, on the publishing core."""

from django import forms
from django.contrib import admin

from assets.admin_tools import IMAGE_FIELD_OVERRIDES
from core.admin_tools import RECORD_FIELDSET
from publishing.admin import (
    EditorialNoteInline,
    PreviewLinkInline,
    PublishableAdminMixin,
    PublishableRulesMixin,
    save_preview_links,
)
from publishing.models import PreviewLink

from .models import Page


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, page):
        return f"/{page.path}/ — {page.title}"


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "parent",
            "summary",
            "body",
            "hero_image",
            "hero_alt",
            "hero_focal_x",
            "hero_focal_y",
            "show_in_header",
            "show_in_footer",
            "menu_order",
        ]
        field_classes = {"parent": ParentChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            parents = Page.objects.only("title", "path").order_by("path")
            if self.instance.pk:
                # Not itself, nor anything under it: the model's check says so too.
                parents = parents.exclude(pk=self.instance.pk).exclude(
                    path__startswith=f"{self.instance.path}/"
                )
            self.fields["parent"].queryset = parents


@admin.register(Page)
class PageAdmin(PublishableRulesMixin, PublishableAdminMixin, admin.ModelAdmin):
    form = PageAdminForm
    list_display = ["tree_title", "address", "state", "show_in_header", "show_in_footer"]
    list_display_links = ["tree_title"]
    list_filter = ["status", "show_in_header", "show_in_footer"]
    search_fields = ["title", "path", "summary"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    formfield_overrides = IMAGE_FIELD_OVERRIDES
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "summary", "body"]}),
        (
            "Image",
            {
                "classes": ["collapse"],
                "fields": ["hero_image", "hero_alt", ("hero_focal_x", "hero_focal_y")],
            },
        ),
        (
            "Menus",
            {
                "fields": ["show_in_header", "show_in_footer", "menu_order"],
                "description": "Where readers find the page besides its address: the menu at "
                "the top of every page, the footer, or both.",
            },
        ),
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not self.can_publish(request):
            qs = qs.filter(created_by=request.user)  # a contributor's own drafts
        return qs

    def get_inlines(self, request, obj):
        if self.can_publish(request):
            return [PreviewLinkInline, EditorialNoteInline]
        return [EditorialNoteInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is PreviewLink:
            save_preview_links(request.user, formset)
        else:
            super().save_formset(request, form, formset, change)

    @admin.display(description="page", ordering="path")
    def tree_title(self, page):
        # The tree as indentation: the list is ordered by address, so sub-pages follow.
        return f"{'— ' * page.depth}{page.title}"

    @admin.display(description="address", ordering="path")
    def address(self, page):
        return f"/{page.path}/"

    @admin.display(description="state")
    def state(self, page):
        return page.state_label()
