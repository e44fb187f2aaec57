"""Pictures shown in an article's text."""

from django.db import models
from django.utils import timezone

from assets.images import WebImageField, validate_image
from assets.renditions import RenditionsMixin, Spec
from assets.uploads import UploadPath
from core.richtext import (
    sanitize_html,
    set_image_alt,
)

from .articles import Article

BODY_IMAGE_SPEC = "body"
BODY_IMAGE_RENDITIONS = (Spec(BODY_IMAGE_SPEC, (400, 800, 1600)),)
# The reading column's width on wide screens (38rem), else the screen less its margins.
BODY_IMAGE_SIZES = "(min-width: 48rem) 38rem, calc(100vw - 2.5rem)"


class ArticleImage(RenditionsMixin, models.Model):
    """A picture shown in an article's text, e.g. a chart from an imported Word file.

    The text links the uploaded original (stored without camera metadata), so the
    link stays valid whatever renditions are remade.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = WebImageField(
        upload_to=UploadPath("articles/body"),
        validators=[validate_image],
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, WebP or GIF, at most 10 MB.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    alt = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="Describe what the image shows for readers who cannot see it. "
        "Saving it here also sets it on the image in the text.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    RENDITIONS = {"image": (BODY_IMAGE_RENDITIONS, None)}

    class Meta:
        ordering = ["pk"]
        verbose_name = "image in the text"
        verbose_name_plural = "images in the text"

    def __str__(self):
        return self.alt or f"Image {self.pk}"

    def save(self, *args, **kwargs):
        stored_alt = (
            ArticleImage.objects.filter(pk=self.pk).values_list("alt", flat=True).first()
            if self.pk
            else None
        )
        super().save(*args, **kwargs)
        if self.alt != stored_alt:
            self.set_alt_in_body()

    def set_alt_in_body(self):
        """Give the article's copies of this image this alt text: readers see those."""
        if not self.image or not self.article.body:
            return
        body = sanitize_html(set_image_alt(self.article.body, self.image.url, self.alt))
        if body != self.article.body:
            self.article.body = body
            Article.objects.filter(pk=self.article_id).update(body=body, updated_at=timezone.now())
