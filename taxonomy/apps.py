from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = "Topics and regions"

    def ready(self):
        from core.cache import watch
        from redirects import registry as redirects
        from search import registry as search
        from search.registry import SUBTITLE, TITLE, Column

        from .models import Region, Topic

        # A topic's name shows on its hub, the index of topics, and every card it labels.
        watch(Topic, lambda topic: {f"topic:{topic.pk}", "list:topics", "search"})
        watch(Region, lambda region: {f"region:{region.pk}", "list:regions", "search"})
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
