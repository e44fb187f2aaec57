"""The "Home page" settings screen: the stories at the top of the home page, in order."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from ..models import FRONT_PAGE_SLOTS, FrontPage, FrontPageSlot


class FrontPageSlotInline(admin.TabularInline):
    model = FrontPageSlot
    autocomplete_fields = ["article"]
    fields = ["position", "article"]
    extra = FRONT_PAGE_SLOTS
    max_num = FRONT_PAGE_SLOTS
    verbose_name_plural = "stories at the top of the home page"


@admin.register(FrontPage)
class FrontPageAdmin(admin.ModelAdmin):
    """One screen, never a list: the list address opens it."""

    single_object = True  # its list address answers with a redirect, never a list
    inlines = [FrontPageSlotInline]
    fieldsets = [
        (
            None,
            {
                "fields": [],
                "description": "Choose the lead story (1) and the stories beside it (2 to 5). "
                "Leave a slot empty and the home page fills it with the newest featured "
                "article, then the newest article.",
            },
        )
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        front_page = FrontPage.load()
        return redirect(reverse("admin:articles_frontpage_change", args=[front_page.pk]))

    def view_on_site(self, obj):
        return reverse("home")
