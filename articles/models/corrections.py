"""Public corrections to published articles."""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from .articles import Article


class Correction(models.Model):
    """A dated public note on a published article that an error was corrected."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(default=timezone.localdate)
    text = models.TextField(
        max_length=1000,
        help_text="Plain text, e.g. 'An earlier version misstated the date of the visit.' "
        "Readers see it at the end of the article.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"Correction, {date_format(self.date, 'j F Y')}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.article.refresh_corrected_at()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.article.refresh_corrected_at()
        return result
