"""Preview links become the publishing core's, for any content type (content type + id).

Each link keeps its id, so the signed links already sent out (they sign the id) still
work. Editors get the same permissions on the new model as they had on the old.
"""

from django.core.management.color import no_style
from django.db import migrations

from core.migration_helpers import granting

FIELDS = ["id", "note", "expires_at", "revoked_at", "created_by_id", "created_at"]


def _article_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="articles", model="article")[0]


def _reset_sequence(schema_editor, model):
    """Ids were inserted as they were: PostgreSQL's counter must start after them."""
    for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    Old = apps.get_model("articles", "PreviewLink")
    New = apps.get_model("publishing", "PreviewLink")
    article_type = _article_type(apps)
    New.objects.bulk_create(
        New(
            content_type=article_type,
            object_id=link.article_id,
            **{field: getattr(link, field) for field in FIELDS},
        )
        for link in Old.objects.order_by("pk").iterator()
    )
    _reset_sequence(schema_editor, New)


def backwards(apps, schema_editor):
    Old = apps.get_model("articles", "PreviewLink")
    New = apps.get_model("publishing", "PreviewLink")
    Old.objects.bulk_create(
        Old(article_id=link.object_id, **{field: getattr(link, field) for field in FIELDS})
        for link in New.objects.filter(content_type=_article_type(apps)).order_by("pk")
    )
    _reset_sequence(schema_editor, Old)


def forget_old_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="articles", model="previewlink").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_publishing_core_expiry_and_publication_history"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(*granting("Editors", "publishing", models=["previewlink"])),
        migrations.DeleteModel(name="PreviewLink"),
        # The old model's content type, and with it its permissions (groups held them):
        # a backup must not name a model that no longer exists.
        migrations.RunPython(forget_old_content_type, migrations.RunPython.noop),
    ]
