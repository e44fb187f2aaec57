"""Background tasks in the admin: what ran, what failed and why, and "Run again".

Editors see every task with its status and last error; a task that failed for good (or
is waiting to retry) can be queued again with "Run again". A task's arguments can hold
secret links (a confirmation email's), so only superusers see them.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult, get_date_max

from core.admin_tools import ReadOnlyAdminMixin

from .models import BackgroundTask, ScheduledJob

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)  # django-tasks-db's own, replaced by the one below


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "status_line", "error", "runs", "enqueued_at", "finished_at"]
    list_filter = ["status", "queue_name"]
    search_fields = ["task_path", "exception_class_path"]
    date_hierarchy = "enqueued_at"
    ordering = ["-enqueued_at"]
    actions = ["run_again"]
    fields = [
        "task_path",
        "status_line",
        "runs",
        "queue_name",
        "enqueued_at",
        "started_at",
        "finished_at",
        "error_details",
        "return_value",
    ]

    def get_fields(self, request, obj=None):
        return [*self.fields, "args_kwargs"] if request.user.is_superuser else self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Only finished tasks: deleting a queued or running one would lose work silently.
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)
        )

    def has_run_again_permission(self, request):
        return request.user.has_perm("tasks.run_again_backgroundtask")

    @admin.display(description="status", ordering="status")
    def status_line(self, task):
        if task.status == TaskResultStatus.READY and task.exception_class_path:
            if task.run_after != get_date_max() and task.run_after > timezone.now():
                when = timezone.localtime(task.run_after)
                return f"Waiting to retry at {when:%d %b %Y, %H:%M:%S}"
            return "Ready (after an error)"
        return task.get_status_display()

    @admin.display(description="runs")
    def runs(self, task):
        return len(task.worker_ids)

    @admin.display(description="last error")
    def error(self, task):
        if not task.exception_class_path:
            return "—"
        lines = task.traceback.strip().splitlines()
        return lines[-1][:200] if lines else task.exception_class_path

    @admin.display(description="error")
    def error_details(self, task):
        if not task.traceback:
            return "—"
        return format_html("<pre>{}</pre>", task.traceback)

    @admin.action(description="Run again", permissions=["run_again"])
    def run_again(self, request, queryset):
        """Queue failed (or retry-waiting) tasks now, with a fresh count of runs."""
        waiting = Q(status=TaskResultStatus.READY) & ~Q(exception_class_path="")
        queued = queryset.filter(Q(status=TaskResultStatus.FAILED) | waiting).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now(),
            worker_ids=[],
            finished_at=None,
        )
        skipped = queryset.count() - queued
        self.message_user(request, f"{queued} task(s) queued to run again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} task(s) left as they are: only failed tasks run again.",
                messages.WARNING,
            )


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_enqueued_at", "last_task_id"]
