"""Bounce and spam reports as mail servers and providers send them, built with `email`.

`delivery_report` is a delivery-status notification (RFC 3464), `spam_report` an abuse
report in the Abuse Reporting Format (RFC 5965). Both return the message's bytes, as a
mail server would leave them in a bounce folder.
"""

from email.message import Message
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid

from django.utils import timezone

SENDER = "newsletter@thinktank.example"


def original(to, subject="New analysis in your topics"):
    """The newsletter email the report is about."""
    message = MIMEText("The analysis you asked for.\n")
    message["From"] = SENDER
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="thinktank.example")
    message["List-Unsubscribe"] = "<https://thinktank.example/newsletter/unsubscribe/x/>"
    return message


def recipient(address, action="failed", status="5.1.1", diagnostic=None, original_to=None):
    """One per-recipient block of a delivery report."""
    block = Message()
    if original_to:
        block["Original-Recipient"] = f"rfc822;{original_to}"
    block["Final-Recipient"] = f"rfc822; {address}"
    block["Action"] = action
    block["Status"] = status
    block["Remote-MTA"] = "dns; mx.example.net"
    if diagnostic is None:
        diagnostic = f"smtp; 550 {status} <{address}>: Recipient address rejected: User unknown"
    if diagnostic:
        block["Diagnostic-Code"] = diagnostic
    return block


def delivery_report(*recipients, to=None):
    """A bounce from the receiving side's mail server about the `recipient()` blocks."""
    about = recipients[0]["Original-Recipient"] or recipients[0]["Final-Recipient"]
    to = to or about.split(";", 1)[1].strip()
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "Mail Delivery System <MAILER-DAEMON@mx.example.net>"
    report["To"] = SENDER
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Date"] = format_datetime(timezone.now())
    report.attach(MIMEText("I'm sorry to have to inform you that your message could not\n"))
    status = Message()
    status["Content-Type"] = "message/delivery-status"
    per_message = Message()
    per_message["Reporting-MTA"] = "dns; mx.example.net"
    per_message["Arrival-Date"] = format_datetime(timezone.now())
    status.set_payload([per_message, *recipients])
    report.attach(status)
    report.attach(MIMEMessage(original(to)))
    return report.as_bytes()


def hard_bounce(address, status="5.1.1"):
    return delivery_report(recipient(address, status=status))


def soft_bounce(address, status="4.2.2"):
    diagnostic = f"smtp; 452 {status} <{address}>: Mailbox full"
    return delivery_report(recipient(address, "delayed", status, diagnostic))


def spam_report(address, *, feedback_type="abuse", rcpt_to=True, headers_only=False, hide_to=False):
    """An ARF report from a mail provider: the reader pressed "This is spam".

    `rcpt_to=False` leaves out Original-Rcpt-To, so only the attached original names the
    reader; `headers_only` attaches only its headers (text/rfc822-headers); `hide_to`
    removes the reader's address from the original, as some providers do.
    """
    report = MIMEMultipart("report", report_type="feedback-report")
    report["From"] = "Feedback Loop <fbl@mail.example.com>"
    report["To"] = "abuse@thinktank.example"
    report["Subject"] = "Abuse report"
    report["Date"] = format_datetime(timezone.now())
    report.attach(MIMEText("This is an email abuse report for an email message received\n"))
    fields = Message()
    fields["Feedback-Type"] = feedback_type
    fields["User-Agent"] = "ExampleFBL/1.0"
    fields["Version"] = "1"
    fields["Original-Mail-From"] = f"<{SENDER}>"
    if rcpt_to:
        fields["Original-Rcpt-To"] = f"<{address}>"
    fields["Arrival-Date"] = format_datetime(timezone.now())
    fields["Reported-Domain"] = "thinktank.example"
    feedback = Message()
    feedback["Content-Type"] = "message/feedback-report"
    feedback.set_payload([fields])
    report.attach(feedback)
    reported = original("redacted@mail.example.com" if hide_to else address)
    if headers_only:
        headers = "".join(f"{name}: {value}\n" for name, value in reported.items())
        report.attach(MIMEText(headers, "rfc822-headers"))
    else:
        report.attach(MIMEMessage(reported))
    return report.as_bytes()
