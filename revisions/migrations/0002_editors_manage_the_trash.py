"""Editors restore items from the trash and delete them permanently."""

from django.db import migrations

from core.migration_helpers import granting

TRASH_PERMISSIONS = ["view_trasheditem", "restore_trasheditem", "delete_trasheditem"]


class Migration(migrations.Migration):
    dependencies = [("revisions", "0001_initial"), ("articles", "0003_editorial_groups")]

    operations = [
        migrations.RunPython(*granting("Editors", "revisions", codenames=TRASH_PERMISSIONS))
    ]
