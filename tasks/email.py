"""Email leaves through the queue: the request renders a message and enqueues it; a worker
sends it, retrying while the mail server is away (`retry.is_transient_mail_error`).

    from tasks.email import enqueue_email
    enqueue_email(EmailMessage(subject, body, to=[address]))

The message travels as plain data (a task's arguments are JSON): its class, so a subclass
that writes headers its own way (the newsletter's `ListEmail`) sends the same, its
addresses, headers and alternative parts. Attachments do not travel: a task that needs
them builds its message itself in a task of its own carrying the same policy
(`@retrying_mail`), as `send_email` does.
"""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task
from django.utils.module_loading import import_string

from .retry import retrying_mail

ADDRESS_FIELDS = ("to", "cc", "bcc", "reply_to")


def message_to_data(message):
    """An EmailMessage (or subclass) as JSON-ready data for `send_email`."""
    if message.attachments:
        raise ValueError("Messages with attachments cannot be queued as data.")
    cls = type(message)
    return {
        "class": f"{cls.__module__}.{cls.__qualname__}",
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        **{name: list(getattr(message, name)) for name in ADDRESS_FIELDS},
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(part.content), part.mimetype] for part in getattr(message, "alternatives", [])
        ],
    }


def message_from_data(data):
    cls = import_string(data["class"])
    if not (isinstance(cls, type) and issubclass(cls, EmailMessage)):
        raise ValueError(f"{data['class']} is not an email message class.")
    if data["alternatives"] and not issubclass(cls, EmailMultiAlternatives):
        cls = EmailMultiAlternatives
    message = cls(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        headers=data["headers"],
        **{name: data[name] for name in ADDRESS_FIELDS},
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@task(queue_name="email")
@retrying_mail
def send_email(data):
    """Send one queued message; a passing SMTP failure raises, and the worker retries."""
    message = message_from_data(data)
    message.send()
    return {"to": len(message.recipients())}


def enqueue_email(message):
    """Queue `message` for a worker to send; returns the task result."""
    return send_email.enqueue(message_to_data(message))
