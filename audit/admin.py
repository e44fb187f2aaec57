from django.contrib import admin

from core.admin_tools import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log is evidence, so no one edits or deletes it here."""

    list_display = ["created_at", "user", "action", "object_repr", "content_type", "detail"]
    list_filter = ["action", "content_type", "created_at"]
    search_fields = ["object_repr", "detail", "user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "content_type"]
    list_per_page = 100
