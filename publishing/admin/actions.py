"""Moving publishable items between states from an admin list page, through the workflow.

Any publishable model's admin mixes in `PublishingActionsMixin` (and defines
`has_publish_permission`); the messages name the model ("3 events published.").
"""

from django.contrib import admin, messages

from .. import workflow


class PublishingActionsMixin:
    actions = ["submit_for_review", "publish", "unpublish", "archive"]

    def _bulk_transition(self, request, queryset, move, message):
        """Apply the workflow's `move` to each selected item, and report how many moved."""
        count = sum(move(item, request.user).changed for item in queryset)
        opts = self.model._meta
        noun = opts.verbose_name if count == 1 else opts.verbose_name_plural
        self.message_user(request, message.format(count=count, items=noun), messages.SUCCESS)

    @admin.action(
        description="Submit selected %(verbose_name_plural)s for review", permissions=["change"]
    )
    def submit_for_review(self, request, queryset):
        self._bulk_transition(
            request,
            queryset.filter(status=self.model.Status.DRAFT),
            workflow.submit,
            "{count} {items} submitted for review.",
        )

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.publish,
            "{count} {items} published. Any with a future publish date go live at that time.",
        )

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s (back to draft)",
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.unpublish,
            "{count} {items} moved back to draft; readers no longer see them.",
        )

    @admin.action(
        description="Archive selected %(verbose_name_plural)s (off the site, kept)",
        permissions=["publish"],
    )
    def archive(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.archive,
            "{count} {items} archived; readers no longer see them.",
        )
