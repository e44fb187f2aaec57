"""A save that dies half-way leaves nothing half-written.

Each test lets a real form post write some of its rows, then kills the request
with an exception (as a lost database connection, a full disk or a bug would),
and checks that the database holds exactly what it held before the request.
"""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, ArticleAuthor, ArticleTopic, Update, UpdateTopic
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import ArticleFactory, PersonFactory, RegionFactory, TopicFactory
from tests.helpers.forms import form_data, management_form
from tests.helpers.startup import run_settings

pytestmark = pytest.mark.django_db


class PowerCut(Exception):
    """The fault: raised part-way through a save."""


@contextmanager
def dies_after_saving(model, count):
    """The `count`-th save of a `model` row is written, then the request dies."""
    real_save = model.save
    saved = []

    def save(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        saved.append(self.pk)
        if len(saved) == count:
            raise PowerCut(f"after writing {model.__name__} row {self.pk}")

    with mock.patch.object(model, "save", save):
        yield saved


@pytest.fixture
def failing_editor(editor):
    """An editor whose browser sees the 500 page instead of the test seeing the exception."""
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


@pytest.fixture
def failing_staff(staff_user):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    return client


def article_rows():
    """Every row an article add or change writes, as comparable values."""
    return {
        "articles": list(Article.objects.order_by("pk").values("pk", "title", "slug", "status")),
        "bylines": list(ArticleAuthor.objects.order_by("pk").values("article", "person", "order")),
        "topics": list(ArticleTopic.objects.order_by("pk").values("content_object", "tag")),
        "regions": list(Article.regions.through.objects.order_by("pk").values("article", "region")),
    }


# The admin ----------------------------------------------------------------------


def test_an_article_add_that_dies_after_its_second_author_leaves_no_article(failing_editor):
    lead, second = PersonFactory(), PersonFactory()
    topic, region = TopicFactory(), RegionFactory()
    before = article_rows()

    with dies_after_saving(ArticleAuthor, 2) as saved:
        response = failing_editor.post(
            f"{ARTICLES}add/",
            article_form(
                topics=[topic.pk],
                regions=[region.pk],
                **management_form("bylines", 2),
                **{"bylines-0-person": str(lead.pk), "bylines-0-order": "0"},
                **{"bylines-1-person": str(second.pk), "bylines-1-order": "1"},
            ),
        )

    assert len(saved) == 2  # the article, its topic, region and both bylines were written
    assert response.status_code == 500
    assert article_rows() == before
    assert not Article.objects.exists()
    assert not ArticleTopic.objects.exists()


def test_an_article_change_that_dies_half_way_keeps_the_original(failing_editor):
    author, newcomer = PersonFactory(name="Original Author"), PersonFactory(name="Newcomer")
    old_topic, new_topic = TopicFactory(name="Old topic"), TopicFactory(name="New topic")
    article = ArticleFactory(
        title="Original title", authors=[author], topics=[old_topic], regions=[RegionFactory()]
    )
    url = f"{ARTICLES}{article.pk}/change/"
    data = form_data(failing_editor.get(url), title="Changed title", topics=[new_topic.pk])
    data |= management_form("bylines", 2, initial=1) | {
        "bylines-1-person": str(newcomer.pk),
        "bylines-1-order": "1",
    }
    before = article_rows()

    with dies_after_saving(ArticleAuthor, 1) as saved:
        response = failing_editor.post(url, data)

    assert saved  # the title, the new topic and the new byline were written first
    assert response.status_code == 500
    assert article_rows() == before
    article.refresh_from_db()
    assert article.title == "Original title"
    assert article.byline_people == [author]
    assert list(article.topics.all()) == [old_topic]


def test_the_same_article_change_succeeds_once_the_fault_is_gone(failing_editor):
    """The posts above are valid: only the fault made them fail."""
    author, newcomer = PersonFactory(), PersonFactory()
    new_topic = TopicFactory()
    article = ArticleFactory(title="Original title", authors=[author], topics=[TopicFactory()])
    url = f"{ARTICLES}{article.pk}/change/"
    data = form_data(failing_editor.get(url), title="Changed title", topics=[new_topic.pk])
    data |= management_form("bylines", 2, initial=1) | {
        "bylines-1-person": str(newcomer.pk),
        "bylines-1-order": "1",
    }

    assert failing_editor.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Changed title"
    assert article.byline_people == [author, newcomer]
    assert list(article.topics.all()) == [new_topic]


# Staff updates at /updates/new/ (outside the admin) --------------------------------


def test_an_update_post_that_dies_after_its_first_topic_leaves_no_update(failing_staff):
    topics = [TopicFactory(), TopicFactory()]

    with dies_after_saving(UpdateTopic, 1) as saved:
        response = failing_staff.post(
            reverse("articles:update-create"),
            {"body": "Our fellow testified today.", "topics": [t.pk for t in topics]},
        )

    assert saved  # the update row and one topic link were written
    assert response.status_code == 500
    assert not Update.objects.exists()
    assert not UpdateTopic.objects.exists()


def test_an_update_edit_that_dies_half_way_keeps_the_original(failing_staff, staff_user):
    old_topic, new_topic = TopicFactory(name="Old topic"), TopicFactory(name="New topic")
    update = Update.objects.create(author=staff_user.person, body="Original text")
    update.topics.set([old_topic])
    url = reverse("articles:update-edit", args=[update.pk])

    with dies_after_saving(UpdateTopic, 1):
        response = failing_staff.post(url, {"body": "Changed text", "topics": [new_topic.pk]})

    assert response.status_code == 500
    update.refresh_from_db()
    assert update.body == "Original text"
    assert list(update.topics.all()) == [old_topic]


# Where the transactions are -----------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [{}, {"DATABASE_URL": "postgres://thinktank@127.0.0.1:5432/thinktank"}],
    ids=["sqlite", "postgresql"],
)
def test_every_request_is_one_transaction_on_either_database(env):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ATOMIC_REQUESTS'])"
    )
    result = run_settings({"DJANGO_DEBUG": "1", **env}, code)
    assert result.stdout.strip() == "True", result.stderr


def savepoints(queries):
    # The test itself runs in a transaction, so a request's transaction is a savepoint.
    return [query for query in queries if "SAVEPOINT" in query["sql"].upper()]


def test_public_pages_are_read_outside_a_transaction(client):
    ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
        assert client.get("/articles/").status_code == 200
    assert savepoints(queries) == []


def test_the_update_form_runs_in_a_transaction(staff_client):
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(reverse("articles:update-create")).status_code == 200
    assert savepoints(queries)


def test_the_health_check_touches_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
