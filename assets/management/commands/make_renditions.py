from django.core.management.base import BaseCommand

from articles.models import Article, Update
from people.models import Person


class Command(BaseCommand):
    help = (
        "Make any missing image renditions (e.g. for images uploaded before renditions "
        "existed). Images whose renditions are current are left alone."
    )

    def handle(self, *args, **options):
        made = 0
        for model in (Article, Person, Update):
            for field_name in model.RENDITIONS:
                for obj in model.objects.exclude(**{field_name: ""}).iterator():
                    if changed := obj.refresh_renditions():
                        # A queryset update: timestamps stay as they were.
                        model.objects.filter(pk=obj.pk).update(
                            **{name: getattr(obj, name) for name in changed}
                        )
                        made += 1
        self.stdout.write(f"Renditions made for {made} image{'s' if made != 1 else ''}.")
