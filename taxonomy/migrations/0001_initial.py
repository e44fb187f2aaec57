"""Topics and regions move here from the articles app: in Django's state only.

Their tables stay `articles_topic` and `articles_region` (Meta.db_table), with every row,
foreign key, search trigger and search column they had; taggit's through tables
(`articles_articletopic`, `articles_updatetopic`, `people_personexpertise`) and the join
tables of regions and newsletter topics keep pointing at them. The apps whose models point
here say so in their own state-only migrations (articles 0021, people 0005, newsletter
0003); articles 0021 then forgets its own two models, and 0002 here renames their content
types, so permissions, group grants, the audit log and revisions carry over.

It runs after the articles migrations that made (and last changed) the tables, so on a new
database the tables exist before anything here is said about them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0019_publishing_core_expiry_and_publication_history"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("description", models.TextField(blank=True, help_text="One or two sentences introducing the region on its page.")),
            ],
            options={"db_table": "articles_region", "ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="Topic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("slug", models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name="slug")),
                ("description", models.TextField(blank=True, help_text="One or two sentences introducing the topic on its page.")),
            ],
            options={"db_table": "articles_topic", "ordering": ["name"]},
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=state_operations)
    ]
