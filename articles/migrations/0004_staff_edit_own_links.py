"""Staff edit the external links on their own profile (the profile admin's inline)."""

from django.db import migrations

LINK_PERMISSIONS = ["add_personlink", "change_personlink", "delete_personlink", "view_personlink"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.get(name="Staff")
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="people", codename__in=LINK_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.get(name="Staff")
    staff.permissions.remove(
        *Permission.objects.filter(content_type__app_label="people", codename__in=LINK_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editorial_groups")]

    operations = [migrations.RunPython(grant, revoke)]
