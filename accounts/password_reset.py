"""Password reset that takes the same path whether or not the address has an account.

Django's form renders and sends a message only for a known address, so the answer to an
unknown one comes back sooner, and the difference tells a stranger which addresses are
staff accounts. Here an unknown address gets its message rendered too, for an unsaved
stand-in user, and both messages go to the one sending step, which drops the message
that has no recipient.
"""

import logging

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template import loader

logger = logging.getLogger(__name__)


def send_reset_message(message):
    """The sending step for every reset message: send it, or drop it if it has no recipient.

    The one place reset mail leaves from, so moving sending out of the request (to a task
    queue) changes this function alone.
    """
    if not message.recipients():
        return
    try:
        message.send()
    except Exception:
        # As Django does: a mail server's failure must not tell the visitor anything.
        logger.exception("Failed to send a password reset email")


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email):
        """The active users with this address; for an address nobody has, one stand-in.

        The stand-in is never saved: it lets the unknown address go through the same token,
        rendering and sending step as a real one. Its message gets no recipient.
        """
        users = list(super().get_users(email))
        if users:
            return users
        user_model = get_user_model()
        return [user_model(**{user_model.get_email_field_name(): email})]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        to = [to_email] if context["user"].pk is not None else []
        message = EmailMultiAlternatives(subject, body, from_email, to)
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        send_reset_message(message)
