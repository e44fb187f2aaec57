"""The topic and region admins: under /admin/taxonomy/, with their old addresses redirected."""

import pytest

from taxonomy.models import Region, Topic
from tests.helpers.admin import REGIONS, TOPICS, results
from tests.helpers.factories import ArticleFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, factory, relation",
    [(TOPICS, TopicFactory, "topics"), (REGIONS, RegionFactory, "regions")],
    ids=["topics", "regions"],
)
def test_topic_and_region_lists_search_by_name_and_count_only_published_articles(
    editor_client, url, factory, relation
):
    match, other = factory(name="Maritime security"), factory(name="Energy")
    ArticleFactory.create_batch(2, **{relation: [match]})
    ArticleFactory(draft=True, **{relation: [match]})
    ArticleFactory(future=True, **{relation: [match, other]})
    response = editor_client.get(url, {"q": "maritime"})
    assert response.status_code == 200
    assert results(response) == [match]
    assert '<td class="field-article_count">2</td>' in response.content.decode()


def test_editors_and_staff_keep_their_topic_and_region_permissions(editor, staff_user):
    """Granted by migrations to articles' content types; the content types moved with them."""
    for action in ("add", "change", "delete", "view"):
        assert editor.has_perm(f"taxonomy.{action}_topic")
        assert editor.has_perm(f"taxonomy.{action}_region")
        assert not editor.has_perm(f"articles.{action}_topic")
    assert staff_user.has_perm("taxonomy.view_topic")
    assert staff_user.has_perm("taxonomy.view_region")
    assert not staff_user.has_perm("taxonomy.change_topic")


def test_editor_adds_a_topic_and_a_region(editor_client):
    for url, name in [(TOPICS, "Defence cooperation"), (REGIONS, "North Africa")]:
        response = editor_client.post(f"{url}add/", {"name": name, "slug": "x", "description": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Topic.objects.get().name == "Defence cooperation"
    assert Region.objects.get().name == "North Africa"


@pytest.mark.parametrize("model", ["topic", "region"])
@pytest.mark.parametrize(
    "rest",
    [
        "",
        "add/",
        "{pk}/change/",
        "{pk}/history/",
        "{pk}/delete/",
        "?q=sec&o=1",
        "{pk}/change/?_popup=1",
    ],
)
def test_the_old_admin_addresses_answer_301_with_the_new_ones(client, model, rest):
    obj = (TopicFactory if model == "topic" else RegionFactory)()
    rest = rest.format(pk=obj.pk)
    response = client.get(f"/admin/articles/{model}/{rest}")
    assert response.status_code == 301
    assert response["Location"] == f"/admin/taxonomy/{model}/{rest}"


def test_a_redirected_admin_page_opens_for_an_editor(editor_client):
    topic = TopicFactory(name="Energy security")
    response = editor_client.get(f"/admin/articles/topic/{topic.pk}/change/", follow=True)
    assert response.redirect_chain == [(f"/admin/taxonomy/topic/{topic.pk}/change/", 301)]
    assert response.status_code == 200
    assert response.context["original"] == topic


def test_the_articles_admin_pages_stay_where_they_are(editor_client):
    assert editor_client.get("/admin/articles/article/").status_code == 200
    assert editor_client.get("/admin/articles/").status_code == 200


def test_the_admin_index_lists_topics_and_regions_under_their_app(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert 'href="/admin/taxonomy/topic/"' in html
    assert 'href="/admin/taxonomy/region/"' in html
    assert "/admin/articles/topic/" not in html
