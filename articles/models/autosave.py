"""An editor's unsaved article form, kept in the background."""

from django.conf import settings
from django.db import models

from .articles import Article


class ArticleAutosave(models.Model):
    """An editor's unsaved changes to one article form, kept in the background.

    One per person and article (the add form has no article yet). It is never
    applied on its own: reopening the form offers it, and saving the article
    discards it. Revisions record saves only, so autosaves never crowd them.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    data = models.JSONField(help_text="The form's fields as posted: name → list of values.")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_form"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="one_autosave_per_add_form",
            ),
        ]

    def __str__(self):
        return f"Unsaved changes by {self.user} to {self.article or 'a new article'}"
