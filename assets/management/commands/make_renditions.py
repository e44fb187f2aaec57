from django.apps import apps
from django.core.management.base import BaseCommand

from assets.renditions import RenditionsMixin


def models_with_renditions():
    """Every installed model whose images have renditions, whichever app it belongs to."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, RenditionsMixin) and not model._meta.proxy
    ]


class Command(BaseCommand):
    help = (
        "Make any missing image renditions (e.g. for images uploaded before renditions "
        "existed). Images whose renditions are current are left alone."
    )

    def handle(self, *args, **options):
        made = 0
        for model in models_with_renditions():
            for field_name in model.RENDITIONS:
                for obj in model.objects.exclude(**{field_name: ""}).iterator():
                    if changed := obj.refresh_renditions():
                        # A queryset update: timestamps stay as they were.
                        model.objects.filter(pk=obj.pk).update(
                            **{name: getattr(obj, name) for name in changed}
                        )
                        made += 1
        self.stdout.write(f"Renditions made for {made} image{'s' if made != 1 else ''}.")
