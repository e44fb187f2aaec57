"""Editors restore items from the trash and delete them permanently."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRASH_PERMISSIONS = ["view_trasheditem", "restore_trasheditem", "delete_trasheditem"]


def _trash_permissions(apps):
    app_config = apps.get_app_config("revisions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="revisions", codename__in=TRASH_PERMISSIONS
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_trash_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*_trash_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("revisions", "0001_initial"), ("articles", "0003_editorial_groups")]

    operations = [migrations.RunPython(grant, revoke)]
