from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """What every publishable content type shares: its states, its publish and expiry times,
    and the one reader door `published()`. It knows no content: models inherit Publishable."""

    name = "publishing"
    label = "publishing"
    verbose_name = "Publishing"
