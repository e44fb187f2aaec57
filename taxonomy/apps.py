from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = "Topics and regions"

    def ready(self):
        from core.cache import retire_pages_on_changes_to
        from redirects import registry as redirects
        from search import registry as search
        from search.registry import SUBTITLE, TITLE, Column

        from .models import Region, Topic

        retire_pages_on_changes_to(Region, Topic)
        redirects.register(Topic)  # old addresses answer 301 with the new ones
        redirects.register(Region)

        # What /search/ finds. A change here needs a migration (see search/schema.py).
        search.register(
            "topic",
            Topic,
            columns=[
                Column("name", TITLE, weight="A"),
                Column("description", SUBTITLE, weight="B"),
            ],
            snippet=["description"],
        )
