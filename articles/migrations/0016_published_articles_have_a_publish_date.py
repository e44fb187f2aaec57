"""A published article always has a publish date, enforced by the database.

Rows published through `update()` or a bulk load could lack one, and pages then failed on
them. Those get the time they were last saved, the nearest record of when they went out,
before the constraint is added.
"""

from django.db import migrations, models
from django.db.models import F


def fill_publish_dates(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="published", published_at__isnull=True).update(
        published_at=F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_article_autosave"),
        ("people", "0004_generated_upload_names"),
    ]

    operations = [
        migrations.RunPython(fill_publish_dates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "published"), _negated=True),
                    ("published_at__isnull", False),
                    _connector="OR",
                ),
                name="published_article_has_publish_date",
                violation_error_message="Give the article a publish date, or make it a draft.",
            ),
        ),
    ]
