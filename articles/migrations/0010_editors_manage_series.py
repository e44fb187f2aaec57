"""Editors manage series like the rest of the content."""

from django.db import migrations

from core.migration_helpers import granting


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_reports_and_series")]

    operations = [
        migrations.RunPython(*granting("Editors", "articles", models=["series", "seriesentry"]))
    ]
