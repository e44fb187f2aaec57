from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so no one edits or deletes it here."""

    list_display = ["created_at", "user", "action", "object_repr", "content_type", "detail"]
    list_filter = ["action", "content_type", "created_at"]
    search_fields = ["object_repr", "detail", "user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "content_type"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
