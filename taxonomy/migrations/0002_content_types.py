"""Topics' and regions' content types follow them here: articles.topic becomes taxonomy.topic.

Renaming the rows, rather than letting `migrate` make new ones, keeps everything that
points at them: the permissions and so the Editors' and Staff's grants of them, the admin's
change history, the audit log and revisions.
"""

from django.contrib.contenttypes.models import ContentType as LiveContentType
from django.db import migrations

MOVED = ["topic", "region"]


def _rename(old_label, new_label):
    def rename(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        using = schema_editor.connection.alias
        for model in MOVED:
            moving = ContentType.objects.using(using).filter(app_label=old_label, model=model)
            if not moving.exists():
                continue
            # A `migrate` stopped half way may have made the new row already (post_migrate
            # makes one for every model of the code): it has no grants or history yet,
            # and the old row, which has, takes its place.
            ContentType.objects.using(using).filter(app_label=new_label, model=model).delete()
            moving.update(app_label=new_label)
        LiveContentType.objects.clear_cache()

    return rename


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0001_initial"),
        ("articles", "0021_topics_and_regions_move_to_taxonomy"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(_rename("articles", "taxonomy"), _rename("taxonomy", "articles"))
    ]
