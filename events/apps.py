from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events (launches, panels, lectures…) on the publishing core, with registration."""

    name = "events"
    verbose_name = "Events"

    def ready(self):
        from seo.metadata import register_structured_data

        from . import hubs, structured_data

        register_structured_data("event", structured_data.event)
        hubs.register()  # what topic, region and person pages list of ours
        self._register_publishing()
        self._register_revisions()
        self._register_page_cache()
        self._register_doors()
        self._register_search()

    def _register_search(self):
        from search import registry as search
        from search.registry import BODY, SUBTITLE, TITLE, Column

        from . import models

        # What /search/ finds (listed events: the search page filters). A change here needs
        # a migration (see search/schema.py); events/migrations/0003_search.py made this one.
        search.register(
            "event",
            models.Event,
            columns=[
                Column("title", TITLE, weight="A"),
                Column("summary", SUBTITLE, weight="B"),
                Column("description", BODY, weight="C", html=True),
            ],
            snippet=["summary", "description"],
            date_field="starts_at",
        )

    def _register_publishing(self):
        from publishing.registry import register_preview

        from .models import Event
        from .views import render_preview

        register_preview(Event, render_preview)

    def _register_revisions(self):
        from people.models import Person
        from revisions import snapshots as revisions

        from . import models
        from .snapshots import EventSnapshot

        # A trashed event's speakers come back before it.
        revisions.register(EventSnapshot(), restore_after=[Person])
        revisions.explain_protection(
            Person, models.EventSpeaker, "Take them off these events' speakers first."
        )

    def _register_page_cache(self):
        from core.cache import register_scheduled_source, retire_pages_on_changes_to

        from . import models, schedule

        retire_pages_on_changes_to(
            models.Event,
            models.EventSpeaker,
            models.EventTopic,
            models.Event.regions.through,
            models.Event.related_articles.through,
        )
        register_scheduled_source(schedule.next_scheduled_time)

    def _register_doors(self):
        from publishing import doors

        from . import models
        from .doors import DOORS

        doors.register(models.Event, DOORS)
