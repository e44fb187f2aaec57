from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from thinktank.cache import retire_pages_on_changes_to

        from .models import Person, PersonExpertise, PersonLink

        retire_pages_on_changes_to(Person, PersonExpertise, PersonLink)
