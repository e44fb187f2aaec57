"""Sending a mailing: who gets it, the batches, and each recipient's delivery record.

`start_sending` marks the mailing sent and queues `queue_mailing`, which writes a delivery
row per recipient (unique per mailing, so nobody is queued twice) and one `send_batch` task
per NEWSLETTER_BATCH_SIZE of them, in one transaction. A batch renders the mailing once,
opens one SMTP connection and hands the messages over a window at a time: the window's rows
are marked *sending* before, and *sent* (or back to *queued*) after. A batch run again (a
retry, or after its worker died) turns rows it finds *sending* into *uncertain* and never
resends them; rows still *queued* go out. Who may receive it is checked at send time.
"""

import logging
import smtplib
import time
from itertools import islice

from django.conf import settings
from django.core.cache import cache
from django.core.mail import mailers
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.tasks import task
from django.utils import timezone

from articles.models import Article
from audit.models import AuditEvent, record
from tasks.retry import is_transient_mail_error, policy_of, retrying_mail

from . import mail_render
from .models import Delivery, Mailing, Subscriber

logger = logging.getLogger(__name__)
State = Delivery.State
WINDOW = 50  # rows marked *sending* at once: at most this many uncertain after a crash
CHUNK = 2000


def audience(kind, topic_ids=()):
    """The subscribers a mailing for `kind` (Mailing.Audience) and topics would reach now.

    Subscribers of chosen topics include those who chose none (they asked for every topic).
    """
    subscribers = Subscriber.objects.deliverable()
    if kind == Mailing.Audience.TOPICS:
        links = Subscriber.topics.through.objects.filter(subscriber=OuterRef("pk"))
        subscribers = subscribers.filter(
            Q(Exists(links.filter(topic__in=list(topic_ids)))) | ~Q(Exists(links))
        )
    return subscribers


def audience_of(mailing):
    return audience(mailing.audience, mailing.topics.values_list("pk", flat=True))


def start_sending(mailing, user, detail=""):
    """Send `mailing` (a draft or scheduled one) now; False if it was already sent."""
    with transaction.atomic():
        moved = Mailing.objects.filter(
            pk=mailing.pk, status__in=[Mailing.Status.DRAFT, Mailing.Status.SCHEDULED]
        ).update(status=Mailing.Status.SENT, sent_at=timezone.now())
        if not moved:
            return False
        mailing.refresh_from_db()
        record(user, AuditEvent.Action.SEND_MAILING, mailing, detail)
        queue_mailing.enqueue(mailing.pk)
    return True


@task(queue_name="email")
def queue_mailing(mailing_id):
    """Write a delivery per recipient of a composed mailing and queue its batches."""
    mailing = Mailing.objects.get(pk=mailing_id)
    with transaction.atomic():
        if mailing.deliveries.exists():
            return 0  # queued by an earlier run of this task
        recipients = audience_of(mailing).order_by("pk").values_list("pk", flat=True)
        rows = (Delivery(mailing=mailing, subscriber_id=pk) for pk in recipients.iterator(CHUNK))
        return queue_deliveries(mailing, rows)


def queue_deliveries(mailing, rows):
    """Store `rows` (unsaved deliveries) in batches, then queue a task per batch."""
    size = settings.NEWSLETTER_BATCH_SIZE
    count = 0
    while chunk := list(islice(rows, CHUNK)):
        for row in chunk:
            row.batch = count // size
            count += 1
        Delivery.objects.bulk_create(chunk)
    for batch in range((count + size - 1) // size):
        send_batch.enqueue(mailing.pk, batch)
    return count


@task(queue_name="email", takes_context=True)
@retrying_mail
def send_batch(context, mailing_id, batch):
    """Send one batch; a passing SMTP failure raises, and the worker retries the rest."""
    mailing = Mailing.objects.get(pk=mailing_id)
    rows = Delivery.objects.filter(mailing=mailing, batch=batch)
    lost = rows.filter(state=State.SENDING).update(state=State.UNCERTAIN, updated_at=timezone.now())
    if lost:
        logger.warning("Mailing %s batch %s: %s uncertain after a stop", mailing_id, batch, lost)
    queued = list(rows.filter(state=State.QUEUED).values_list("pk", "subscriber_id", "article_ids"))
    try:
        return BatchSender(mailing).send(queued)
    except Exception as error:
        if not policy_of(send_batch).should_retry(error, context.attempt):
            rows.filter(state=State.QUEUED).update(state=State.FAILED, updated_at=timezone.now())
        raise


def send_again(mailing):
    """Queue the failed deliveries of a sent mailing again; None if some are still under way.

    Sent and uncertain ones are left alone, so nobody gets a second copy.
    """
    with transaction.atomic():
        rows = mailing.deliveries.select_for_update()
        if rows.filter(state__in=[State.QUEUED, State.SENDING]).exists():
            return None
        batches = sorted(set(rows.filter(state=State.FAILED).values_list("batch", flat=True)))
        count = rows.filter(state=State.FAILED).update(state=State.QUEUED)
        for batch in batches:
            send_batch.enqueue(mailing.pk, batch)
    return count


class SendRate:
    """At most NEWSLETTER_SEND_RATE messages a second over every worker sharing the cache."""

    def __init__(self, per_second=None):
        self.per_second = settings.NEWSLETTER_SEND_RATE if per_second is None else per_second

    def wait(self):
        if self.per_second <= 0:
            return
        span = max(1.0, 1 / self.per_second)  # one slot of `span` seconds holds `allowed`
        allowed = max(1, int(self.per_second * span))
        while True:
            now = time.time()
            slot = int(now // span)
            key = f"newsletter:send-rate:{slot}"
            cache.add(key, 0, timeout=int(span) + 5)
            try:
                if cache.incr(key) <= allowed:
                    return
            except ValueError:  # the key expired in between
                continue
            time.sleep((slot + 1) * span - now)


class BatchSender:
    """Renders once per distinct content and sends over one connection."""

    def __init__(self, mailing):
        self.mailing = mailing
        self.link_for = mail_render.unsubscribe_link_maker(mailing)
        self.rate = SendRate()
        self.renderings = {}
        self.wire = {}

    def send(self, queued):
        todo = self.recipients(queued)
        if not todo:
            return {"sent": 0}
        connection = mailers.default
        connection.open()
        sent = 0
        try:
            for start in range(0, len(todo), WINDOW):
                sent += self.send_window(connection, todo[start : start + WINDOW])
        finally:
            connection.close()
        return {"sent": sent}

    def recipients(self, queued):
        """(delivery id, address, token, article ids) of those who may still receive it;
        the others are marked skipped."""
        ids = {subscriber_id for _, subscriber_id, _ in queued if subscriber_id}
        people = {
            pk: (email, token)
            for pk, email, token in Subscriber.objects.deliverable()
            .filter(pk__in=ids)
            .values_list("pk", "email", "token")
        }
        live = self.live_articles(queued)
        todo, skipped = [], []
        for pk, subscriber_id, article_ids in queued:
            articles = tuple(live[i] for i in article_ids if i in live)
            if subscriber_id not in people or (self.is_digest and not articles):
                skipped.append(pk)
            else:
                todo.append((pk, *people[subscriber_id], articles))
        mark(skipped, State.SKIPPED)
        return todo

    @property
    def is_digest(self):
        return self.mailing.kind == Mailing.Kind.DIGEST

    def live_articles(self, queued):
        """The digest's articles still published now, by id (a composed mailing's are its own)."""
        wanted = {i for _, _, article_ids in queued for i in article_ids}
        return Article.objects.published().in_bulk(wanted) if wanted else {}

    def rendering(self, articles):
        """The mailing with `articles` (a digest's, for this recipient), rendered once."""
        key = tuple(article.pk for article in articles)
        if key not in self.renderings:
            if not self.is_digest:
                live = Article.objects.published()
                links = self.mailing.article_links.filter(article__in=live)
                articles = [link.article for link in links.select_related("article")]
            self.renderings[key] = mail_render.render(self.mailing, articles)
        return self.renderings[key]

    def send_window(self, connection, window):
        mark([row[0] for row in window], State.SENDING)
        sent, failed, unknown = [], [], []
        left = [row[0] for row in window]
        try:
            for pk, address, token, articles in window:
                self.rate.wait()
                try:
                    self.hand_over(connection, articles, address, self.link_for(token))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                    if is_transient_mail_error(error):
                        raise
                    failed.append(pk)  # this address or message is refused for good
                except (TimeoutError, ConnectionError, smtplib.SMTPServerDisconnected):
                    # No reply, or the line dropped mid-message: the server may have taken
                    # it, so it is never handed over again.
                    unknown.append(pk)
                    left.remove(pk)
                    raise
                else:
                    sent.append(pk)
                left.remove(pk)
        finally:
            mark(sent, State.SENT)
            mark(failed, State.FAILED)
            mark(unknown, State.UNCERTAIN)
            mark(left, State.QUEUED)  # never handed over: the server refused or was away
            if sent and self.is_digest:
                self.note_digest(window, sent)
        return len(sent)

    def hand_over(self, connection, articles, address, url):
        """Give one message to the server; raises as Django's SMTP backend does."""
        rendering = self.rendering(articles)
        smtp = getattr(connection, "connection", None)
        if isinstance(smtp, smtplib.SMTP):
            key = tuple(article.pk for article in articles)
            if key not in self.wire:
                self.wire[key] = mail_render.WireTemplate(rendering, DNS_NAME.get_fqdn())
            wire = self.wire[key]
            if wire.fits(address, url):
                sender = connection.prep_address(settings.DEFAULT_FROM_EMAIL)
                smtp.sendmail(sender, [address], wire.fill(address, url))
                return
        connection.send_messages([mail_render.personalise(rendering, address, url)])

    def note_digest(self, window, sent):
        """The digest's recipients have had everything up to its time."""
        sent = set(sent)
        tokens = [token for pk, _, token, _ in window if pk in sent]
        cutoff = self.mailing.sent_at
        Subscriber.objects.filter(token__in=tokens).filter(
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=cutoff)
        ).update(last_digest_at=cutoff)


def mark(ids, state):
    if ids:
        Delivery.objects.filter(pk__in=ids).update(state=state, updated_at=timezone.now())
