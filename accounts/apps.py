from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Logging in: the log-in pages, two-factor sign-in, password reset, and the client
    address that login throttling (django-axes) and rate limits count by."""

    name = "accounts"
    label = "accounts"
    verbose_name = "Accounts"
