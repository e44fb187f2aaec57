"""Topics and regions moved from articles to taxonomy in Django's state only.

The tables, their rows and everything pointing at them stay; the content types are renamed,
so the permissions the editorial groups were granted on the old ones carry over.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from newsletter.models import Subscriber
from people.models import Person
from taxonomy.models import Region, Topic
from tests.helpers.factories import UserFactory

pytestmark = pytest.mark.django_db

TABLES = {
    Topic: "articles_topic",
    Region: "articles_region",
    Article.topics.through: "articles_articletopic",
    Article.regions.through: "articles_article_regions",
    Person.expertise.through: "people_personexpertise",
    Subscriber.topics.through: "newsletter_subscriber_topics",
}
CODENAMES = {
    f"{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in ("topic", "region")
}


def test_the_tables_keep_their_names_and_no_new_one_is_made():
    existing = set(connection.introspection.table_names())
    for model, table in TABLES.items():
        assert model._meta.db_table == table
        assert table in existing
    assert not {name for name in existing if name.startswith("taxonomy_")}


def test_the_content_types_are_taxonomys_and_the_old_ones_are_gone():
    assert ContentType.objects.get_for_model(Topic).app_label == "taxonomy"
    assert ContentType.objects.get_for_model(Region).app_label == "taxonomy"
    assert not ContentType.objects.filter(app_label="articles", model__in=["topic", "region"])


def test_the_editors_keep_every_topic_and_region_permission_and_staff_may_view():
    editors = Group.objects.get(name="Editors").permissions.filter(
        content_type__app_label="taxonomy"
    )
    staff = Group.objects.get(name="Staff").permissions.filter(content_type__app_label="taxonomy")
    assert set(editors.values_list("codename", flat=True)) == CODENAMES
    assert set(staff.values_list("codename", flat=True)) == {"view_topic", "view_region"}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_of_the_old_layout_migrates_forward_keeping_rows_and_grants():
    executor = _migrate([("taxonomy", None)])  # back to before the move
    try:
        old = executor.loader.project_state(
            ("articles", "0019_publishing_core_expiry_and_publication_history")
        ).apps
        OldTopic = old.get_model("articles", "Topic")
        topic = OldTopic.objects.create(name="Sahel security", slug="sahel-security")
        old_type = ContentType.objects.get(app_label="articles", model="topic")
        granted = set(
            Group.objects.get(name="Editors")
            .permissions.filter(content_type=old_type)
            .values_list("pk", flat=True)
        )
        assert len(granted) == 4
        # What a `migrate` stopped half way leaves: post_migrate made the new row already.
        ContentType.objects.create(app_label="taxonomy", model="region")

        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        assert Topic.objects.get(pk=topic.pk).name == "Sahel security"
        new_type = ContentType.objects.get_for_model(Topic)
        assert new_type.pk == old_type.pk
        assert granted == set(
            Group.objects.get(name="Editors")
            .permissions.filter(content_type=new_type)
            .values_list("pk", flat=True)
        )
        region_types = ContentType.objects.filter(
            model="region", app_label__in=["articles", "taxonomy"]
        )
        assert [t.app_label for t in region_types] == ["taxonomy"]
        assert (
            Group.objects.get(name="Editors")
            .permissions.filter(content_type=region_types[0])
            .count()
            == 4
        )
        editor = UserFactory(is_staff=True, groups=["Editors"])
        assert editor.has_perm("taxonomy.change_topic") and editor.has_perm("taxonomy.view_region")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
