"""Password reset that does the same work whether or not the address has an account.

Django's form looks the address up, then renders and sends a message only for a known one,
so the answer to an unknown address came back sooner (5 ms against 3 ms), and the
difference told a stranger which addresses are staff accounts. Here the request only
queues one task with the address, for every address; the task (`accounts.tasks`) looks
the address up, and renders and sends the message in a worker, where no visitor can time it.
"""

from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMultiAlternatives
from django.template import loader


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The form of the reset page: saving it queues the reset, whoever the address is."""

    def save(self, *, request, use_https=False, **ignored):
        from .tasks import send_password_reset

        send_password_reset.enqueue(
            self.cleaned_data["email"], domain=request.get_host(), use_https=use_https
        )


class ResetMessageForm(auth_forms.PasswordResetForm):
    """Django's form as the task uses it: a failure to send is raised, so the worker retries
    it (Django's own form logs it and gives up)."""

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
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        message.send()
