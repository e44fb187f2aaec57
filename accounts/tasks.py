"""Password reset emails, sent by a worker (see password_reset.py for why)."""

from django.tasks import task

from tasks.retry import retrying_mail

from .password_reset import ResetMessageForm


@task(queue_name="email")
@retrying_mail
def send_password_reset(email, *, domain, use_https):
    """Send a reset link to each active account with `email`; nothing if there is none."""
    form = ResetMessageForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
