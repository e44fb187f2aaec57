"""Bounces and spam reports: reading them, and marking the addresses they name.

Mail servers report a delivery that failed in a delivery-status notification (RFC 3464),
and mail providers pass on a reader's "this is spam" as an abuse report (ARF, RFC 5965).
Both are multipart/report messages with one part of header-like fields that programs read.
A failure for good (status 5.x.x) or a complaint marks the subscriber, and
`Subscriber.objects.deliverable()` leaves them out of every mailing from then on. A
failure for now (4.x.x) marks nothing: the sending server is still trying.
"""

import email
import re
from dataclasses import dataclass, field
from email.parser import HeaderParser
from email.utils import getaddresses

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from .models import Subscriber, normalise_email

HARD = "hard"  # failed for good: stop sending
SOFT = "soft"  # failed for now: the sending server tries again, so nothing is marked
COMPLAINT = "complaint"
OTHER = "other"  # a report of something else: delivered, relayed, "not spam", …

MARKS = {HARD: "bounced_at", COMPLAINT: "complained_at"}
COMPLAINT_TYPES = {"abuse", "fraud"}
DELIVERY_STATUS_TYPES = {"message/delivery-status", "message/global-delivery-status"}
STATUS_RE = re.compile(r"([245])\.\d{1,3}\.\d{1,3}")
DETAIL_LENGTH = Subscriber._meta.get_field("delivery_problem").max_length


class Unreadable(ValueError):
    """Not a report this module understands; the message says why, in plain words."""


@dataclass(frozen=True)
class Finding:
    """What a report says about one recipient.

    `addresses` are the names the report gives them, the likeliest first (the address we
    sent to, then the one it was forwarded to); the first that is a subscriber's counts.
    """

    kind: str
    addresses: tuple[str, ...]
    detail: str = ""


@dataclass
class Tally:
    """What a run did, for the command's summary."""

    bounced: int = 0
    complained: int = 0
    already: int = 0
    soft: int = 0
    other: int = 0
    unknown: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def read_report(data):
    """The findings in one email message (bytes), or `Unreadable`."""
    message = email.message_from_bytes(data)
    if not message.keys():
        raise Unreadable("not an email message (no headers)")
    if message.get_content_type() != "multipart/report":
        raise Unreadable("not a bounce or spam report (no multipart/report)")
    report_type = str(message.get_param("report-type") or "").lower()
    if report_type == "delivery-status":
        return _delivery_status(message)
    if report_type == "feedback-report":
        return [_feedback_report(message)]
    raise Unreadable(f"a report of an unknown type ({report_type or 'none given'})")


def read_address_list(text, name):
    """Findings for a list of bouncing addresses, one a line, and the lines that are not.

    Blank lines and lines starting with # are skipped; so is anything after " #".
    """
    findings, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        address = line.split(" #", 1)[0].strip()
        if not address or address.startswith("#"):
            continue
        try:
            validate_email(address)
        except ValidationError:
            problems.append(f"{name}, line {number}: not an email address: {address[:100]!r}")
            continue
        findings.append(Finding(HARD, (address,), f"Bounced: listed in {name}"))
    return findings, problems


def record(findings, tally, now=None):
    """Mark the subscribers `findings` name, counting what happened in `tally`.

    Marking is idempotent: an address marked before keeps its first date and text.
    """
    now = now or timezone.now()
    for finding in findings:
        if finding.kind == SOFT:
            tally.soft += 1
            continue
        if finding.kind == OTHER:
            tally.other += 1
            continue
        subscriber = _subscriber(finding.addresses)
        if subscriber is None:
            tally.unknown.append(", ".join(finding.addresses) or "(no address given)")
        elif not mark(
            Subscriber.objects.filter(pk=subscriber.pk), finding.kind, finding.detail, now
        ):
            tally.already += 1
        elif finding.kind == HARD:
            tally.bounced += 1
        else:
            tally.complained += 1
    return tally


def mark(subscribers, kind, detail, now=None):
    """Mark as bounced (`HARD`) or as having complained (`COMPLAINT`) those of `subscribers`
    not marked so already; returns how many were."""
    date_field = MARKS[kind]
    return subscribers.filter(**{f"{date_field}__isnull": True}).update(
        **{date_field: now or timezone.now(), "delivery_problem": detail[:DETAIL_LENGTH]}
    )


def clear(subscribers):
    """Sending works again: forget the bounces and spam reports of `subscribers`."""
    return subscribers.with_delivery_problem().update(
        bounced_at=None, complained_at=None, delivery_problem=""
    )


def _subscriber(addresses):
    wanted = [normalise_email(address) for address in addresses]
    found = {s.email: s for s in Subscriber.objects.filter(email__in=wanted)}
    return next((found[address] for address in wanted if address in found), None)


def _delivery_status(message):
    part = _first_part(message, DELIVERY_STATUS_TYPES)
    if part is None:
        raise Unreadable("a delivery report without its delivery-status part")
    # The first block is about the message; each later one is about one recipient.
    recipients = [block for block in _field_blocks(part) if block.get("Final-Recipient")]
    if not recipients:
        raise Unreadable("a delivery report that names no recipient")
    return [_recipient(block) for block in recipients]


def _recipient(block):
    action = _text(block.get("Action")).lower()
    status_match = STATUS_RE.match(_text(block.get("Status")))
    status_class = status_match.group(1) if status_match else ""
    names = [_dsn_address(block.get(name)) for name in ("Original-Recipient", "Final-Recipient")]
    addresses = tuple(dict.fromkeys(address for address in names if address))
    if action == "failed" and status_class == "5":
        kind = HARD
    elif status_class == "4" or action == "delayed":
        kind = SOFT
    else:
        kind = OTHER
    diagnostic = _text(block.get("Diagnostic-Code"))
    code = status_match.group(0) if status_match else "no status"
    return Finding(kind, addresses, _one_line(f"Bounced ({code}): {diagnostic}".rstrip(": ")))


def _feedback_report(message):
    part = _first_part(message, {"message/feedback-report"})
    if part is None:
        raise Unreadable("a spam report without its feedback-report part")
    blocks = _field_blocks(part)
    fields = blocks[0] if blocks else None
    feedback_type = _text(fields.get("Feedback-Type")).lower() if fields else ""
    if not feedback_type:
        raise Unreadable("a spam report without a Feedback-Type")
    named = [_text(value) for value in fields.get_all("Original-Rcpt-To", [])]
    original = _original_headers(message)
    if original is not None:
        named += [_text(value) for value in original.get_all("To", [])]
    addresses = tuple(dict.fromkeys(a for _, a in getaddresses(named) if "@" in a))
    if feedback_type not in COMPLAINT_TYPES:
        return Finding(OTHER, addresses)
    if not addresses:
        raise Unreadable("a spam report that names no recipient (the provider may hide it)")
    source = _text(fields.get("User-Agent")) or _text(fields.get("Reported-Domain"))
    detail = f"Reported as spam ({feedback_type} report{f' from {source}' if source else ''})"
    return Finding(COMPLAINT, addresses, _one_line(detail))


def _first_part(message, content_types):
    return next((p for p in message.walk() if p.get_content_type() in content_types), None)


def _field_blocks(part):
    """The blocks of fields in a report part, each as a header-only message.

    Python's parser splits message/delivery-status into one message per block, but reads
    other message/* parts as one message whose body holds any further blocks.
    """
    payload = part.get_payload()
    if isinstance(payload, str):
        return _parse_blocks(payload)
    blocks = []
    for block in payload:
        blocks.append(block)
        if isinstance(block.get_payload(), str):
            blocks += _parse_blocks(block.get_payload())
    return blocks


def _parse_blocks(text):
    parser = HeaderParser()
    blocks = re.split(r"\r?\n\s*\r?\n", text.strip())
    return [parser.parsestr(block) for block in blocks if block.strip()]


def _original_headers(message):
    """The headers of the reported message, attached whole or as text/rfc822-headers."""
    part = _first_part(message, {"message/rfc822", "text/rfc822-headers"})
    if part is None:
        return None
    payload = part.get_payload()
    if isinstance(payload, list):
        return payload[0] if payload else None
    return HeaderParser().parsestr(payload)


def _dsn_address(value):
    """The address in "rfc822; someone@example.org" (RFC 3464's address-type; address)."""
    text = _text(value)
    address_type, _, address = text.rpartition(";")
    if address_type.strip().lower() not in {"", "rfc822", "utf-8"}:
        return None
    address = address.strip().strip("<>").strip()
    return address if "@" in address else None


def _text(value):
    return _one_line(str(value)) if value is not None else ""


def _one_line(text):
    return " ".join(text.split())
