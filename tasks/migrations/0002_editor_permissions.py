"""Editors see background tasks and scheduled jobs, run failed tasks again and delete
finished ones."""

from django.db import migrations

from core.migration_helpers import granting

EDITOR_PERMISSIONS = [
    "view_backgroundtask",
    "run_again_backgroundtask",
    "delete_backgroundtask",
    "view_scheduledjob",
]


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_initial"),
        ("articles", "0003_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(*granting("Editors", "tasks", codenames=EDITOR_PERMISSIONS))]
