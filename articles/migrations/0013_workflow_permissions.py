"""Editors publish; staff write articles as contributors and submit them for review."""

from django.db import migrations

from core.migration_helpers import granting

EDITOR_PERMISSIONS = [
    "publish_article",
    *(
        f"{verb}_{model}"
        for verb in ("add", "change", "delete", "view")
        for model in ("correction", "previewlink")
    ),
]
STAFF_PERMISSIONS = ["add_article", "change_article", "view_article", "view_region"]


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_review_workflow")]

    operations = [
        migrations.RunPython(*granting("Editors", "articles", codenames=EDITOR_PERMISSIONS)),
        migrations.RunPython(*granting("Staff", "articles", codenames=STAFF_PERMISSIONS)),
    ]
