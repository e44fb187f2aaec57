from django.apps import AppConfig


class FormguardConfig(AppConfig):
    """Protection for every public form: a bot trap, a signed time and rate limits.

    It knows no content: a form mixes in GuardedForm and its view asks the rate limits.
    """

    name = "formguard"
    label = "formguard"
    verbose_name = "Form protection"
