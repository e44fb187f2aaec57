"""Create the two groups editors and staff are put in.

Permissions are normally created after all migrations have run, so they are
created here first; otherwise the groups would be empty on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["articles", "people"]

STAFF_PERMISSIONS = [
    ("articles", "add_update"),
    ("articles", "change_update"),
    ("articles", "delete_update"),
    ("articles", "view_update"),
    ("articles", "view_topic"),
    ("people", "change_own_person"),
]

EDITOR_EXTRA_PERMISSIONS = [("auth", "view_user")]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=CONTENT_APPS),
        *_permissions(Permission, EDITOR_EXTRA_PERMISSIONS),
    )
    staff, _ = Group.objects.get_or_create(name="Staff")
    staff.permissions.add(*_permissions(Permission, STAFF_PERMISSIONS))


def _permissions(Permission, pairs):
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in pairs
    ]


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Staff"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
