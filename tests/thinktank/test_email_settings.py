"""Email goes to the console in local runs and to an SMTP server in production."""

from tests.helpers.startup import run_settings

PRINT_MAILER = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.MAILERS['default']['BACKEND'].rsplit('.', 2)[1], "
    "sorted(s.MAILERS['default'].get('OPTIONS', {}).items()), s.DEFAULT_FROM_EMAIL)"
)
PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"}


def test_local_runs_print_emails_to_the_console():
    result = run_settings({"DJANGO_DEBUG": "1"}, PRINT_MAILER)
    assert result.stdout.strip() == "console [] Thinktank <newsletter@localhost>"


def test_email_settings_are_in_the_form_django_keeps():
    # Django 6.1 deprecates the EMAIL_BACKEND/EMAIL_HOST… settings in favour of MAILERS.
    code = "import warnings; warnings.simplefilter('always'); " + PRINT_MAILER
    for env in ({"DJANGO_DEBUG": "1"}, PRODUCTION):
        result = run_settings(env, code)
        assert result.returncode == 0, result.stderr
        assert "RemovedInDjango" not in result.stderr


def test_production_sends_through_the_smtp_server_it_is_given():
    result = run_settings(
        PRODUCTION
        | {
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_HOST_USER": "mailer",
            "EMAIL_HOST_PASSWORD": "secret",
            "DEFAULT_FROM_EMAIL": "Thinktank <analysis@example.org>",
        },
        PRINT_MAILER,
    )
    assert result.stdout.strip() == (
        "smtp [('host', 'smtp.example.org'), ('password', 'secret'), ('port', 587), "
        "('timeout', 10), ('use_ssl', False), ('use_tls', True), ('username', 'mailer')] "
        "Thinktank <analysis@example.org>"
    )


def test_an_ssl_only_server_gets_port_465_without_starttls():
    result = run_settings(PRODUCTION | {"EMAIL_USE_SSL": "1"}, PRINT_MAILER)
    assert "('port', 465)" in result.stdout
    assert "('use_ssl', True), ('use_tls', False)" in result.stdout
