"""Mailings (the topic digest and those editors compose) and one delivery row per recipient.

A delivery's state is the only memory of what the mail server was handed, because SMTP has
no way to ask "did you already take this one?":

    queued → sending → sent / failed / uncertain   (or skipped: left before it went out)

`sending` is written before the message goes to the server and `sent` after its reply, so a
row found in `sending` by a later run means a worker died in between: the message may or may
not have left, and it is marked `uncertain`, never sent again by itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags

from core.richtext import RichTextField
from taxonomy.models import Topic


class MailingQuerySet(models.QuerySet):
    def with_counts(self):
        """Each mailing with its deliveries counted by state: one query for a whole list."""
        return self.annotate(**Delivery.count_expressions())


class Mailing(models.Model):
    """One sending: an editor's composed mailing, or one run of the topic digest."""

    class Kind(models.TextChoices):
        COMPOSED = "composed", "Mailing"
        DIGEST = "digest", "Topic digest"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENT = "sent", "Sent"

    class Audience(models.TextChoices):
        ALL = "all", "All confirmed subscribers"
        TOPICS = "topics", "Subscribers of the topics chosen below"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMPOSED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    subject = models.CharField(
        max_length=150,
        help_text="The email's subject line. Plain text: line breaks and markup are removed.",
    )
    introduction = RichTextField(
        blank=True,
        help_text="A few sentences above the articles. Keep it short: the articles follow.",
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.ALL)
    topics = models.ManyToManyField(
        Topic,
        related_name="mailings",
        blank=True,
        help_text="Who chose any of these topics (or every topic) gets the mailing.",
    )
    articles = models.ManyToManyField(
        "articles.Article", through="MailingArticle", related_name="mailings", blank=True
    )
    scheduled_for = models.DateTimeField(
        "send at",
        null=True,
        blank=True,
        help_text="For “Schedule”: when it goes out, in the site's time zone.",
    )
    sent_at = models.DateTimeField("sent", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MailingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "scheduled_for"], name="mailing_due_idx"),
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.subject = clean_subject(self.subject)
        super().save(*args, **kwargs)

    @property
    def is_sent(self):
        return self.status == self.Status.SENT

    def ordered_articles(self):
        return [link.article for link in self.article_links.select_related("article")]


class MailingArticle(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="article_links")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="mailing_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "article"
        constraints = [
            models.UniqueConstraint(fields=["mailing", "article"], name="mailing_article_once"),
        ]

    def __str__(self):
        return str(self.article)


class Delivery(models.Model):
    """One recipient of one mailing; unique per pair, so no one is queued twice."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNCERTAIN = "uncertain", "Uncertain (worker stopped mid-send; not resent)"
        SKIPPED = "skipped", "Skipped (unsubscribed, unconfirmed or deleted before sending)"

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    # A deleted subscriber's row stays (the counts stay true) and is skipped at send time.
    subscriber = models.ForeignKey(
        "newsletter.Subscriber", null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    batch = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # The digest's articles for this recipient (ids); empty for a composed mailing.
    article_ids = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscriber"], name="delivery_once"),
        ]
        indexes = [
            models.Index(fields=["mailing", "batch", "state"], name="delivery_batch_idx"),
        ]

    def __str__(self):
        return f"{self.mailing_id} → {self.subscriber_id}: {self.state}"

    COUNTED = ("queued", "sending", "sent", "failed", "uncertain", "skipped")

    @classmethod
    def count_expressions(cls, prefix="deliveries__"):
        """`<state>_count` for every state, and `unsubscribed_count`: unsubscribes made
        through this mailing's links. With prefix "" for `mailing.deliveries.aggregate()`."""
        counts = {
            f"{state}_count": Count(f"{prefix}pk", filter=Q(**{f"{prefix}state": state}))
            for state in cls.COUNTED
        }
        counts["unsubscribed_count"] = Count(
            f"{prefix}pk", filter=Q(**{f"{prefix}unsubscribed_at__isnull": False})
        )
        return counts


def clean_subject(subject):
    """One line of plain text: no line breaks, control characters or tags (no header
    injection; the HTML part escapes it anyway)."""
    text = strip_tags(subject or "")
    text = "".join(" " if ord(char) < 32 or ord(char) == 127 else char for char in text)
    return " ".join(text.split())[:150]
