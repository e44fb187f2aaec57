"""Editors manage and publish pages; staff may draft one and submit it for review."""

from django.db import migrations

from core.migration_helpers import granting

STAFF_PERMISSIONS = ["add_page", "change_page", "view_page"]


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_search"), ("articles", "0013_workflow_permissions")]

    operations = [
        migrations.RunPython(*granting("Editors", "pages", models=["page"])),
        migrations.RunPython(*granting("Staff", "pages", codenames=STAFF_PERMISSIONS)),
    ]
