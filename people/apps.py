from django.apps import AppConfig

TOPIC_EXPERTS = 8  # people listed on a topic's or a region's page


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from redirects import registry as redirects
        from revisions import snapshots as revisions
        from search import registry as search
        from search.registry import BODY, SUBTITLE, TITLE, Column
        from seo.metadata import register_structured_data
        from taxonomy import hubs
        from taxonomy.models import Region, Topic

        from . import structured_data
        from .models import Person
        from .snapshots import PersonSnapshot

        register_structured_data("person", structured_data.person)

        revisions.register(PersonSnapshot())  # revisions and the trash

        self._watch_for_the_cache()
        redirects.register(Person)  # a profile's old address answers 301 with its new one

        # Topic and region pages list the people who can speak to them.
        for model, people in (
            (Topic, lambda topic: Person.objects.active().with_expertise(topic)),
            (Region, lambda region: Person.objects.active().in_region(region)),
        ):
            hubs.register(
                model,
                hubs.Section(
                    "experts",
                    "people/hubs/experts.html",
                    people,
                    place=hubs.ASIDE,
                    order=10,
                    limit=TOPIC_EXPERTS,
                ),
            )

        # What /search/ finds. A change here needs a migration (see search/schema.py).
        search.register(
            "person",
            Person,
            columns=[
                Column("name", TITLE, weight="A", config="simple"),  # names are not stemmed
                Column("role", SUBTITLE, weight="B"),
                Column("short_bio", SUBTITLE, weight="C"),
                Column("bio", BODY, weight="D", html=True),
            ],
            snippet=["role", "short_bio"],
            fuzzy="name",  # finds "Rahmaan" for "Rahman"
        )

    def _watch_for_the_cache(self):
        from core.cache import filed_under, members_tag, watch
        from taxonomy.models import Region, Topic

        from .models import Person, PersonExpertise, PersonLink

        # A profile shows on its page, in the directory, on bylines and on hubs' expert lists.
        watch(Person, lambda person: {f"person:{person.pk}", "list:people", "search"})
        # Expertise and regions show on the profile, and file it in hubs' expert lists.
        watch(
            PersonExpertise,
            lambda row: {f"person:{row.content_object_id}", members_tag("topic", row.tag_id)},
            related=filed_under(Topic),
        )
        watch(PersonLink, lambda link: {f"person:{link.person_id}"})
        watch(
            Person.regions.through,
            lambda row: {f"person:{row.person_id}", members_tag("region", row.region_id)},
            related=filed_under(Region),
        )
