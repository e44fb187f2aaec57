"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives.

Tests read the messages with Python's `email` package, as a mail program would. The
server can be stopped and started again on the same port, so a test can take the mail
server down and bring it back.
"""

import email
import email.policy
import re
import socket
import threading
import time

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class _Keeper:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SMTPSink:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.received = []  # (envelope recipients, email.message.EmailMessage)
        self.lock = threading.Lock()
        self._controller = None

    def start(self):
        self._controller = Controller(_Keeper(self), hostname=HOST, port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self):
        with self.lock:
            return [message for _, message in self.received]

    def wait_for(self, count, timeout=20):
        """The messages, once at least `count` have arrived (AssertionError after `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return self.messages
            time.sleep(0.05)
        raise AssertionError(f"{len(self.messages)} message(s) arrived, not {count}")

    def mailer(self):
        """A MAILERS setting that sends here."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": HOST, "port": self.port, "use_tls": False, "timeout": 5},
            }
        }

    def environment(self):
        """The same, as the environment variables a worker process reads."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "5",
        }


def text_part(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def links(message, host="testserver"):
    """Every link to the site in the message's plain-text part, as paths."""
    return re.findall(rf"https?://{re.escape(host)}(/\S+?)(?=[\s>]|$)", text_part(message))
