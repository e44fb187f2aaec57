from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import schema

        # Once per `migrate`, after every app's migrations have run.
        post_migrate.connect(schema.repair_after_migrate, sender=self)
