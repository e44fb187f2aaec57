"""Editors publish; staff write articles as contributors and submit them for review."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "publish_article",
    *(
        f"{verb}_{model}"
        for verb in ("add", "change", "delete", "view")
        for model in ("correction", "previewlink")
    ),
]
STAFF_PERMISSIONS = ["add_article", "change_article", "view_article", "view_region"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in [("Editors", EDITOR_PERMISSIONS), ("Staff", STAFF_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_review_workflow")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
