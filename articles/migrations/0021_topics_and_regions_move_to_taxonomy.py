"""Topics and regions are the taxonomy app's now (taxonomy 0001): in Django's state only.

Articles' and updates' topics and articles' regions point at taxonomy's models, then the
articles app forgets its own Topic and Region. No table, column or row changes: the
tables keep their names (`articles_topic`, `articles_region`) and taggit's through tables
theirs. It runs after people and newsletter have repointed their references too, as
nothing may point at a model once it is gone from the state.
"""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_preview_links_move_to_publishing"),
        ("taxonomy", "0001_initial"),
        ("people", "0005_topics_live_in_taxonomy"),
        ("newsletter", "0003_topics_live_in_taxonomy"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="articletopic",
            name="tag",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="article_links", to="taxonomy.topic"),
        ),
        migrations.AlterField(
            model_name="updatetopic",
            name="tag",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="update_links", to="taxonomy.topic"),
        ),
        migrations.AlterField(
            model_name="article",
            name="topics",
            field=taggit.managers.TaggableManager(blank=True, help_text="Readers find articles by topic; pick two to four.", through="articles.ArticleTopic", to="taxonomy.Topic", verbose_name="Tags"),
        ),
        migrations.AlterField(
            model_name="update",
            name="topics",
            field=taggit.managers.TaggableManager(blank=True, help_text="A comma-separated list of tags.", through="articles.UpdateTopic", to="taxonomy.Topic", verbose_name="Tags"),
        ),
        migrations.AlterField(
            model_name="article",
            name="regions",
            field=models.ManyToManyField(blank=True, related_name="articles", to="taxonomy.region"),
        ),
        migrations.DeleteModel(name="Topic"),
        migrations.DeleteModel(name="Region"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=state_operations)
    ]
