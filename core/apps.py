from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every layer above may use: rich text, pagination and the cache primitives.

    It imports only Django and third-party libraries, never the project or an app: where it
    needs to know content (when scheduled items go public), the content app registers.
    """

    name = "core"
    label = "core"
    verbose_name = "Shared core"
