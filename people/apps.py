from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from seo.metadata import register_structured_data
        from thinktank.cache import retire_pages_on_changes_to

        from . import structured_data
        from .models import Person, PersonExpertise, PersonLink

        register_structured_data("person", structured_data.person)

        retire_pages_on_changes_to(Person, PersonExpertise, PersonLink)
