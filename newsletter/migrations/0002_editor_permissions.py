"""Editors see, correct and delete newsletter subscribers (and export them as CSV).

Nobody gets "add": a subscription starts only when the reader confirms it from
their own inbox.
"""

from django.db import migrations

from core.migration_helpers import granting

EDITOR_PERMISSIONS = ["view_subscriber", "change_subscriber", "delete_subscriber"]


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("articles", "0003_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(*granting("Editors", "newsletter", codenames=EDITOR_PERMISSIONS))
    ]
