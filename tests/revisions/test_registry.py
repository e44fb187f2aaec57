"""Content apps register their snapshots; revisions and audit know no content app."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles.models import Article, ArticleAuthor, Update
from articles.snapshots import ArticleSnapshot
from people.models import Person
from people.snapshots import PersonSnapshot
from revisions import snapshots
from taxonomy.models import Topic


def test_each_content_model_is_described_by_its_own_app():
    assert type(snapshots.for_model(Article)) is ArticleSnapshot
    assert type(snapshots.for_model(Person)) is PersonSnapshot
    assert snapshots.is_registered(Article)
    assert not snapshots.is_registered(Topic)
    with pytest.raises(LookupError, match="Topic keeps no revisions"):
        snapshots.for_model(Topic)


def test_the_trash_restores_people_before_the_articles_that_name_them():
    # Articles register first (INSTALLED_APPS order); the registry still puts people first.
    assert list(snapshots._snapshots).index(Article) < list(snapshots._snapshots).index(Person)
    order = snapshots.restore_order()
    assert order.index(Person) < order.index(Article)


@pytest.fixture
def empty_registry(monkeypatch):
    monkeypatch.setattr(snapshots, "_snapshots", {})
    monkeypatch.setattr(snapshots, "_restore_after", {})
    monkeypatch.setattr(snapshots, "_protection_hints", {})


@pytest.mark.usefixtures("empty_registry")
def test_restore_order_follows_restore_after_not_registration_order():
    snapshots.register(ArticleSnapshot(), restore_after=[Person])
    assert snapshots.restore_order() == [Article]
    snapshots.register(PersonSnapshot())
    assert snapshots.restore_order() == [Person, Article]


@pytest.mark.usefixtures("empty_registry")
def test_models_restored_after_each_other_are_refused():
    snapshots.register(ArticleSnapshot(), restore_after=[Person])
    snapshots.register(PersonSnapshot(), restore_after=[Article])
    with pytest.raises(ImproperlyConfigured, match="restored after itself"):
        snapshots.restore_order()


@pytest.mark.usefixtures("empty_registry")
def test_a_model_gets_one_snapshot():
    snapshots.register(PersonSnapshot())
    with pytest.raises(ImproperlyConfigured, match="Person already has a snapshot"):
        snapshots.register(PersonSnapshot())


def test_the_app_owning_the_blocking_rows_explains_them():
    assert snapshots.protection_hint(Person, ArticleAuthor) == "Take them off these bylines first."
    assert snapshots.protection_hint(Person, Update).startswith("Give these updates another")
    assert snapshots.protection_hint(Article, ArticleAuthor) == ""
