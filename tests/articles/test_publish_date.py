"""A published article always has a publish date: the database refuses one without.

Every way of publishing stamps the date when it is left empty, and the migration that
added the rule gave older rows the time they were last saved.
"""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article, Update
from tests.helpers import word_files
from tests.helpers.admin import ARTICLES, article_form, run_action
from tests.helpers.factories import ArticleFactory, UpdateFactory
from tests.helpers.forms import form_data
from tests.helpers.word_files import import_word

pytestmark = pytest.mark.django_db

CONSTRAINT = "published_article_has_publish_date"


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()
    return True


# The rule -------------------------------------------------------------------------------


def test_the_database_refuses_to_unset_a_published_articles_date():
    article = ArticleFactory()
    assert refused(lambda: Article.objects.filter(pk=article.pk).update(published_at=None))
    article.refresh_from_db()
    assert article.published_at is not None


def test_the_database_refuses_a_published_article_created_without_a_date():
    row = Article(title="T", slug="t", summary="S.", status=Article.Status.PUBLISHED)
    assert refused(lambda: Article.objects.bulk_create([row]))


def test_drafts_and_archived_articles_may_have_no_date():
    article = ArticleFactory(draft=True)
    for status in (Article.Status.IN_REVIEW, Article.Status.ARCHIVED):
        Article.objects.filter(pk=article.pk).update(status=status)
    assert Article.objects.get(pk=article.pk).published_at is None


def test_state_label_of_a_published_article_without_a_date_yet_is_published():
    # An unsaved one, e.g. while the admin form is being checked.
    article = Article(title="T", status=Article.Status.PUBLISHED)
    assert (article.state_label(), article.is_scheduled) == ("Published", False)


# Every way of publishing stamps the date --------------------------------------------------


def test_publishing_from_the_add_form_with_an_empty_date_stamps_now(editor_client):
    before = timezone.now()
    response = editor_client.post(f"{ARTICLES}add/", article_form(_publish="Publish now"))
    assert response.status_code == 302
    assert before <= Article.objects.get().published_at <= timezone.now()


def test_publishing_from_the_change_form_with_an_empty_date_stamps_now(editor_client):
    article = ArticleFactory(draft=True)
    url = f"{ARTICLES}{article.pk}/change/"
    data = form_data(editor_client.get(url), _publish="Publish now")
    assert data["go_live_at"] == ""
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.is_live


def test_the_publish_action_stamps_an_empty_date(editor_client):
    article = ArticleFactory(draft=True)
    run_action(editor_client, "publish", [article])
    article.refresh_from_db()
    assert article.published_at is not None and article.is_live


def test_a_word_import_is_an_undated_draft_that_gets_its_date_when_published(editor_client):
    import_word(editor_client, word_files.policy_paper())
    article = Article.objects.get()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)
    run_action(editor_client, "publish", [article])
    article.refresh_from_db()
    assert article.is_live


def test_every_published_demo_article_has_a_date(editor_client):
    call_command("load_demo", verbosity=0)
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    assert published.exists()
    assert not published.filter(published_at__isnull=True).exists()
    assert editor_client.get(ARTICLES).status_code == 200  # every state label renders


# The migration ---------------------------------------------------------------------------


def migration_adding_the_rule(loader):
    """(app, name) of the migration adding the constraint, and the one before it."""
    for key, migration in loader.disk_migrations.items():
        added = [getattr(op, "constraint", None) for op in migration.operations]
        if any(constraint and constraint.name == CONSTRAINT for constraint in added):
            (before,) = [dep for dep in migration.dependencies if dep[0] == "articles"]
            return key, before
    raise AssertionError("no migration adds the constraint")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_published_rows_the_time_they_were_last_saved():
    executor = MigrationExecutor(connection)
    target, before = migration_adding_the_rule(executor.loader)
    executor.migrate([before])
    try:
        OldArticle = executor.loader.project_state(before).apps.get_model("articles", "Article")
        saved = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
        dated = datetime(2024, 1, 2, tzinfo=UTC)
        rows = {
            name: OldArticle.objects.create(
                title=name, slug=name, summary="S.", status=status, published_at=published_at
            ).pk
            for name, status, published_at in [
                ("undated", "published", None),
                ("dated", "published", dated),
                ("draft", "draft", None),
            ]
        }
        OldArticle.objects.update(updated_at=saved)
        executor = MigrationExecutor(connection)
        executor.migrate([target])
        stored = dict(Article.objects.values_list("pk", "published_at"))
        assert stored[rows["undated"]] == saved
        assert stored[rows["dated"]] == dated
        assert stored[rows["draft"]] is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert refused(lambda: Article.objects.filter(pk=rows["dated"]).update(published_at=None))


def test_updates_have_no_status_and_their_date_column_is_required():
    update = UpdateFactory()
    assert refused(lambda: Update.objects.filter(pk=update.pk).update(published_at=None))
