"""Subscribers' topics are taxonomy's now (taxonomy 0001): state only, the join table stays."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0002_editor_permissions"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="subscriber",
                    name="topics",
                    field=models.ManyToManyField(blank=True, help_text="The topics they want analysis on. None means every topic.", related_name="subscribers", to="taxonomy.topic"),
                ),
            ],
        )
    ]
