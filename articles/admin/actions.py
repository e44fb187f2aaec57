"""Moving articles between states from the list page, through the workflow."""

from django.contrib import admin, messages

from publishing import workflow

from ..models import Article


class ArticleActionsMixin:
    actions = ["submit_for_review", "publish", "unpublish", "archive"]

    def _bulk_transition(self, request, queryset, move, message):
        """Apply the workflow's `move` to each selected article, and report how many moved."""
        count = sum(move(article, request.user).changed for article in queryset)
        self.message_user(
            request, message.format(count=count, s="s" if count != 1 else ""), messages.SUCCESS
        )

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._bulk_transition(
            request,
            queryset.filter(status=Article.Status.DRAFT),
            workflow.submit,
            "{count} article{s} submitted for review.",
        )

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.publish,
            "{count} article{s} published. Any with a future publish date go live at that time.",
        )

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.unpublish,
            "{count} article{s} moved back to draft; readers no longer see them.",
        )

    @admin.action(
        description="Archive selected articles (off the site, kept)", permissions=["publish"]
    )
    def archive(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.archive,
            "{count} article{s} archived; readers no longer see them.",
        )
