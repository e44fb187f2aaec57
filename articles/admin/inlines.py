"""The inlines of the article form: authors and corrections (preview links: publishing)."""

from django.contrib import admin

from ..models import ArticleAuthor, Correction


# Stacked, not tabular: a tabular inline names its inputs only by column headings, which
# screen readers do not announce; stacked rows have a <label> for each.
class ArticleAuthorInline(admin.StackedInline):
    model = ArticleAuthor
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order: lower numbers first)"


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["date", "text"]
    verbose_name_plural = (
        "public corrections (shown at the end of the article; fix typos without one)"
    )
