"""Articles move onto the publishing core: an expiry time (scheduled unpublish), and when
each was first and last published.

Rows already published or archived get their publish date as both: the nearest record
of when they went out. The two constraint changes and the publish date's help text touch
no table: only the wording moved to the shared base.
"""

from django.db import migrations, models
from django.db.models import F


def fill_publication_history(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status__in=["published", "archived"], published_at__isnull=False).update(
        first_published_at=F("published_at"), last_published_at=F("published_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_recheck_uploads_of_earlier_releases"),
        ("people", "0004_generated_upload_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="expires_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Leave empty to keep it published. At this moment it leaves the site, "
                "as if unpublished.",
                null=True,
                verbose_name="expiry date",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="first_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="last_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_publication_history, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Readers see it, once published, from this moment. Left empty, it is set "
                "to the moment you publish.",
                null=True,
                verbose_name="publish date",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("expires_at__isnull", True),
                    ("published_at__isnull", True),
                    ("expires_at__gt", models.F("published_at")),
                    _connector="OR",
                ),
                name="articles_article_expires_after_publish_date",
                violation_error_message="The expiry date must come after the publish date.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="article",
            name="published_article_has_publish_date",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "published"), _negated=True),
                    ("published_at__isnull", False),
                    _connector="OR",
                ),
                name="published_article_has_publish_date",
                violation_error_message="Give it a publish date, or make it a draft.",
            ),
        ),
    ]
