"""Editors read the audit log in the admin."""

from django.db import migrations

from core.migration_helpers import granting


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial"), ("articles", "0003_editorial_groups")]

    operations = [
        migrations.RunPython(*granting("Editors", "audit", codenames=["view_auditevent"]))
    ]
