"""Editors choose the home page's stories."""

from django.db import migrations

from core.migration_helpers import granting

EDITOR_PERMISSIONS = [
    "view_frontpage",
    "change_frontpage",
    "view_frontpageslot",
    "add_frontpageslot",
    "change_frontpageslot",
    "delete_frontpageslot",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0024_front_page"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(*granting("Editors", "articles", codenames=EDITOR_PERMISSIONS))
    ]
