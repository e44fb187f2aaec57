"""Editors manage series like the rest of the content."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["series", "seriesentry"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", content_type__model__in=MODELS
        )
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_reports_and_series")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
