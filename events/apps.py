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
        self._register_registration()
        self._register_desk()
        self._register_search()

    def _register_search(self):
        from search import registry as search
        from search.registry import BODY, SUBTITLE, TITLE, Column

        from . import models

        # What /search/ finds (listed events: the search page filters). A change here needs
        # a migration (see search/schema.py); events/migrations/0004_search.py made this one.
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
        from core.cache import register_scheduled_moments
        from publishing import cachetags

        from . import models, registration

        cachetags.watch(models.Event)
        cachetags.watch_relation(models.EventSpeaker, "event", "person", members=True)
        cachetags.watch_relation(models.EventTopic, "content_object", "tag", members=True)
        cachetags.watch_relation(models.Event.regions.through, "event", "region", members=True)
        cachetags.watch_relation(models.Event.related_articles.through, "event", "article")
        # Publish and expiry times, and the moments a page changes by the clock alone, asked
        # in the one query every content type shares.
        register_scheduled_moments(models.Event.objects.scheduled_moments)
        register_scheduled_moments(registration.clock_moments)

    def _register_doors(self):
        from publishing import doors

        from . import models
        from .doors import DOORS

        doors.register(models.Event, DOORS)

    def _register_desk(self):
        from django.db.models import Q

        from publishing import dashboard
        from redirects import registry as redirects

        from .models import Event, EventTopic

        # A published event's old address answers 301 once its slug changes.
        redirects.register(Event)
        # The admin home's lists. Events have no contributors or
        # recorded creator, so no one's drafts are theirs alone.
        dashboard.register(
            Event,
            mine=lambda user: Q(pk__in=[]),
            fields=["title"],
            checks=[
                dashboard.Check("no summary", Q(summary="")),
                dashboard.Check("image without alt text", ~Q(hero_image="") & Q(hero_alt="")),
                # A plain IN subquery: Exists with OuterRef failed in the desk's annotations.
                dashboard.Check("no topic", ~Q(pk__in=EventTopic.objects.values("content_object"))),
            ],
        )

    def _register_registration(self):
        from datetime import time

        from tasks import schedule

        from . import notices, tasks

        notices.connect()
        schedule.register("events.send_reminders", tasks.send_reminders, schedule.every(minutes=5))
        schedule.register(
            "events.forget_registrants", tasks.forget_registrants, schedule.daily(time(4, 40))
        )
