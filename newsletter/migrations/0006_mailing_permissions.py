"""Editors compose, schedule and send mailings, and run the topic digest."""

from django.db import migrations

from core.migration_helpers import granting


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0005_mailings"),
        ("articles", "0003_editorial_groups"),
    ]

    operations = [
        migrations.RunPython(
            *granting("Editors", "newsletter", models=["mailing", "mailingarticle"])
        )
    ]
