"""Moving articles between states from the list page, and auditing every move."""

from django.contrib import admin, messages
from django.utils import timezone

from audit.models import AuditEvent, record

from ..models import Article

PUBLISHING_FIELDS = ["status", "published_at", "first_published_at", "last_published_at"]


def audit_transition(user, article, before):
    """Record in the audit log how `article` moved on from `before` (status, publish time)."""
    status, published_at = before or (None, None)
    if (status, published_at) == (article.status, article.published_at):
        return
    action = {
        Article.Status.IN_REVIEW: AuditEvent.Action.SUBMIT,
        Article.Status.ARCHIVED: AuditEvent.Action.ARCHIVE,
        Article.Status.DRAFT: AuditEvent.Action.UNPUBLISH
        if status in (Article.Status.PUBLISHED, Article.Status.ARCHIVED)
        else None,
    }.get(article.status)
    if article.status == Article.Status.PUBLISHED:
        action = AuditEvent.Action.SCHEDULE if article.is_scheduled else AuditEvent.Action.PUBLISH
    if action:
        record(user, action, article, article.state_label())


class ArticleActionsMixin:
    actions = ["submit_for_review", "publish", "unpublish", "archive"]

    def _bulk_transition(self, request, queryset, status, message):
        """Move each selected article to `status`, auditing each change, and report."""
        now, count = timezone.now(), 0
        for article in queryset:
            before = (article.status, article.published_at)
            publishing = status == Article.Status.PUBLISHED
            published_at = article.published_at or now if publishing else article.published_at
            if (status, published_at) == before:
                continue
            if publishing:
                article.mark_published(now)
            else:
                article.status = status
            article.save(update_fields=[*PUBLISHING_FIELDS, "updated_at"])
            audit_transition(request.user, article, before)
            count += 1
        self.message_user(
            request, message.format(count=count, s="s" if count != 1 else ""), messages.SUCCESS
        )

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        queryset = queryset.filter(status=Article.Status.DRAFT)
        self._bulk_transition(
            request,
            queryset,
            Article.Status.IN_REVIEW,
            "{count} article{s} submitted for review.",
        )

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            Article.Status.PUBLISHED,
            "{count} article{s} published. Any with a future publish date go live at that time.",
        )

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            Article.Status.DRAFT,
            "{count} article{s} moved back to draft; readers no longer see them.",
        )

    @admin.action(
        description="Archive selected articles (off the site, kept)", permissions=["publish"]
    )
    def archive(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            Article.Status.ARCHIVED,
            "{count} article{s} archived; readers no longer see them.",
        )
