from django.apps import AppConfig


class RedirectsConfig(AppConfig):
    """Old addresses that still work: when something readers have seen moves, its old path
    answers 301 to the new one. Content apps register their models with public addresses
    in their `ready()` (`redirects.registry.register`); this app imports no content."""

    name = "redirects"
    label = "redirects"
    verbose_name = "Redirects"
