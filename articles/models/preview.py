"""Links that show an unpublished article to someone outside the think tank."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .articles import Article


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A signed, expiring, revocable link showing one unpublished article to an outsider."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    note = models.CharField(
        "shared with",
        max_length=200,
        help_text="Who the link is for, e.g. 'Co-author, Dr Ahmed' or 'Press, under embargo'.",
    )
    expires_at = models.DateTimeField(
        "valid until", help_text="The link stops working at this time."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of “{self.article}” for {self.note}"

    def get_absolute_url(self):
        return reverse("articles:shared-preview", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.Signer(salt=PREVIEW_SALT).sign(str(self.pk))

    @classmethod
    def from_token(cls, token):
        """The link a token names, or None if it was tampered with or never existed."""
        try:
            pk = signing.Signer(salt=PREVIEW_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return cls.objects.select_related("article").filter(pk=pk).first()

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


PREVIEW_SALT = "articles.preview-link"
