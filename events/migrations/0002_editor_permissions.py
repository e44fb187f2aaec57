"""Editors make and publish events, and read their registrations (no contributors)."""

from django.db import migrations

from core.migration_helpers import granting


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("articles", "0003_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            *granting(
                "Editors", "events", models=["event", "eventspeaker", "registration", "invitation"]
            )
        ),
    ]
