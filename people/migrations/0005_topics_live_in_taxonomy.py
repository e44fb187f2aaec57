"""Expertise points at taxonomy's topics now (taxonomy 0001): state only, the table stays."""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_generated_upload_names"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="personexpertise",
                    name="tag",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="expert_links", to="taxonomy.topic"),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="expertise",
                    field=taggit.managers.TaggableManager(blank=True, help_text="Topics this person can speak to; they are listed as experts on those topics.", through="people.PersonExpertise", to="taxonomy.Topic", verbose_name="expertise"),
                ),
            ],
        )
    ]
