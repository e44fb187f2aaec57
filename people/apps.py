from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from thinktank.cache import content_changed

        from .models import Person, PersonExpertise, PersonLink

        for model in (Person, PersonExpertise, PersonLink):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}-save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}-del")
        m2m_changed.connect(
            content_changed, sender=PersonExpertise, dispatch_uid="cache-expert-m2m"
        )
