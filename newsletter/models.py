import secrets

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from taxonomy.models import Topic


def new_token():
    """A random, unguessable token for a subscriber's unsubscribe link."""
    return secrets.token_urlsafe(32)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Confirmed by email, and not unsubscribed since (mailings go to `deliverable()`)."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def pending(self):
        """Signed up, but the confirmation link has not been used (yet)."""
        return self.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True)

    def unsubscribed(self):
        return self.filter(unsubscribed_at__isnull=False)

    def deliverable(self):
        """Who a mailing goes to: confirmed, not unsubscribed, and mail to them has neither
        bounced for good nor been reported as spam. Every mailing sends through this door."""
        return self.confirmed().filter(bounced_at__isnull=True, complained_at__isnull=True)

    def with_delivery_problem(self):
        return self.filter(Q(bounced_at__isnull=False) | Q(complained_at__isnull=False))

    def with_status(self, status):
        return {
            Subscriber.Status.CONFIRMED: self.confirmed,
            Subscriber.Status.PENDING: self.pending,
            Subscriber.Status.UNSUBSCRIBED: self.unsubscribed,
        }[status]()

    def interested_in(self, topic):
        """Deliverable subscribers who chose `topic`, or no topic at all (meaning every topic)."""
        return self.deliverable().filter(Q(topics=topic) | Q(topics__isnull=True)).distinct()


class Subscriber(models.Model):
    """A reader who asked for analysis by email. Counts only once confirmed (double opt-in)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(
        "email address",
        unique=True,
        help_text="Stored in lower case, so one address cannot sign up twice.",
    )
    topics = models.ManyToManyField(
        Topic,
        related_name="subscribers",
        blank=True,
        help_text="The topics they want analysis on. None means every topic.",
    )
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_token,
        editable=False,
        help_text="The secret in this subscriber's unsubscribe links.",
    )
    created_at = models.DateTimeField("signed up", auto_now_add=True)
    confirmed_at = models.DateTimeField(
        "confirmed",
        null=True,
        blank=True,
        help_text="When they confirmed by following the link in our email.",
    )
    unsubscribed_at = models.DateTimeField("unsubscribed", null=True, blank=True)
    last_digest_at = models.DateTimeField(
        "last digest",
        null=True,
        blank=True,
        editable=False,
        help_text="The topic digest they last received covered articles up to this moment.",
    )
    bounced_at = models.DateTimeField(
        "bounced",
        null=True,
        blank=True,
        help_text="When mail to this address failed for good. Nothing is sent to it "
        "until an editor says sending works again.",
    )
    complained_at = models.DateTimeField(
        "reported as spam",
        null=True,
        blank=True,
        help_text="When the reader's mail provider told us they marked our email as spam. "
        "Nothing more is sent to them.",
    )
    delivery_problem = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the last bounce or spam report said.",
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The admin's status filter and confirmed(): both columns, tested for NULL.
            models.Index(fields=["unsubscribed_at", "confirmed_at"], name="subscriber_status_idx"),
            models.Index(fields=["-created_at"], name="subscriber_created_idx"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def clean(self):
        self.email = normalise_email(self.email)

    @property
    def status(self):
        if self.unsubscribed_at:
            return self.Status.UNSUBSCRIBED
        if self.confirmed_at:
            return self.Status.CONFIRMED
        return self.Status.PENDING

    @transaction.atomic
    def confirm(self, topics):
        """Subscribe for `topics` (none: every topic), also after an earlier unsubscribe.

        The link came from their inbox, so mail arrives and they want it: an earlier bounce
        or spam report no longer stops mailings.
        """
        if self.confirmed_at is None or self.unsubscribed_at is not None:
            self.confirmed_at = timezone.now()
        self.unsubscribed_at = self.bounced_at = self.complained_at = None
        self.delivery_problem = ""
        self.save(
            update_fields=[
                "confirmed_at",
                "unsubscribed_at",
                "bounced_at",
                "complained_at",
                "delivery_problem",
            ]
        )
        self.topics.set(topics)

    def unsubscribe(self):
        """Stop all mailings to them; True if they were subscribed until now."""
        if self.unsubscribed_at is not None:
            return False
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["unsubscribed_at"])
        return True


def normalise_email(email):
    return (email or "").strip().lower()


# The mailings and their deliveries live in a module of their own; Django finds them here.
from .mailing_models import Delivery, Mailing, MailingArticle  # noqa: E402

__all__ = ["Delivery", "Mailing", "MailingArticle", "Subscriber", "SubscriberQuerySet"]
