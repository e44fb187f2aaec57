"""The editors' desk on the admin home: its lists, their links, and its query bound."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from publishing.models import EditorialNote, PreviewLink
from tests.helpers.admin import ARTICLES, results
from tests.helpers.factories import (
    ArticleFactory,
    EventFactory,
    MailingFactory,
    PageFactory,
    PersonFactory,
    SeriesFactory,
    SubscriberFactory,
    TopicFactory,
    UpdateFactory,
    image_file,
)

HOME = "/admin/"


def desk(response):
    return {panel.desk_list.key: panel for panel in response.context["desk"]}


def titles(panel):
    return [str(item.obj) for item in panel.items]


@pytest.fixture
def editor_person(editor):
    return PersonFactory(name="Edna Editor", user=editor)


def age(article, days):
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=days))


def lots_of_content(author, count):
    topic = TopicFactory()
    for n in range(count):
        ArticleFactory(draft=True, title=f"Draft {n}", authors=[author])
        ArticleFactory(status="in_review", published_at=None, title=f"Review {n}")
        ArticleFactory(future=True, title=f"Soon {n}", topics=[topic])
        ArticleFactory(title=f"Live {n}", summary="", topics=[topic], authors=[author])
        ArticleFactory(status="archived", title=f"Old {n}")
        UpdateFactory(author=author)
        # Events and pages of every state too: each type adds its own two queries, never more.
        EventFactory(title=f"Panel {n}", summary="")
        EventFactory(status="draft", published_at=None, title=f"Panel draft {n}")
        PageFactory(title=f"Page {n}", slug=f"page-{n}", summary="")
        PageFactory(status="draft", published_at=None, slug=f"draft-{n}")
        SubscriberFactory()
        article = Article.objects.latest("pk")
        EditorialNote.objects.create(item=article, text="A note.")
        PreviewLink.objects.create(
            item=article, note="Reviewer", expires_at=timezone.now() + timedelta(days=1)
        )
    SeriesFactory(articles=list(Article.objects.all()[:5]))
    MailingFactory()


@pytest.mark.django_db
def test_each_list_shows_what_waits_with_a_count(editor_client, editor_person):
    topic = TopicFactory()
    ArticleFactory(draft=True, title="My draft", authors=[editor_person])
    ArticleFactory(draft=True, title="Someone else's draft", authors=[PersonFactory()])
    ArticleFactory(status="in_review", published_at=None, title="Waiting")
    ArticleFactory(future=True, title="Tomorrow", topics=[topic])
    ArticleFactory(
        published_at=timezone.now() + timedelta(days=20), title="Next month", topics=[topic]
    )
    ArticleFactory(title="Just out", topics=[topic])

    panels = desk(editor_client.get(HOME))

    assert titles(panels["mine"]) == ["My draft"]
    assert titles(panels["review"]) == ["Waiting"]
    assert titles(panels["scheduled"]) == ["Tomorrow"]
    assert titles(panels["recent"]) == ["Just out"]
    # Nothing needs attention: only published items lack topics that matter.
    assert [panel.count for panel in panels.values()] == [1, 1, 1, 1, 0]


@pytest.mark.django_db
def test_needs_attention_says_why(editor_client):
    topic = TopicFactory()
    ArticleFactory(title="No summary", summary="", topics=[topic])
    ArticleFactory(title="No topic")
    ArticleFactory(title="Image, no alt", hero_image=image_file(), hero_alt="", topics=[topic])
    stale = ArticleFactory(title="Stale", topics=[topic])
    waiting = ArticleFactory(status="in_review", published_at=None, title="Long wait")
    ArticleFactory(title="Fine", topics=[topic])
    ArticleFactory(draft=True, title="Draft, no summary", summary="")
    age(stale, 800)
    age(waiting, 8)

    panel = desk(editor_client.get(HOME))["attention"]

    reasons = {str(item.obj): item.reasons for item in panel.items}
    assert panel.count == 5
    assert reasons["No summary"] == ["no summary"]
    assert reasons["No topic"] == ["no topic"]
    assert reasons["Image, no alt"] == ["image without alt text"]
    assert reasons["Stale"] == ["not updated in 2 years"]
    assert reasons["Long wait"] == ["in review for more than 7 days"]


@pytest.mark.django_db
def test_items_link_to_their_page_and_see_all_to_the_filtered_list(editor_client, editor_person):
    draft = ArticleFactory(draft=True, title="My draft", authors=[editor_person])
    ArticleFactory(draft=True, title="Not mine")

    response = editor_client.get(HOME)

    page = response.content.decode()
    assert f'href="/admin/articles/article/{draft.pk}/change/"' in page
    assert 'href="/admin/articles/article/?desk=mine"' in page
    listed = results(editor_client.get(ARTICLES, {"desk": "mine"}))
    assert [article.title for article in listed] == ["My draft"]


@pytest.mark.django_db
def test_see_all_lists_match_the_counts(editor_client, editor_person):
    lots_of_content(editor_person, 7)

    panels = desk(editor_client.get(HOME))

    for key, panel in panels.items():
        # Each type's "see all" list holds what its count says; together, the panel's count.
        for label, count, url in panel.see_all:
            assert len(results(editor_client.get(url))) == count, (key, label)
        assert sum(count for _, count, _ in panel.see_all) == panel.count, key
        assert len(panel.items) == min(panel.count, 5), key


@pytest.mark.django_db
def test_a_bad_desk_value_lists_everything_not_a_500(editor_client):
    ArticleFactory()
    response = editor_client.get(ARTICLES, {"desk": "nonsense\x00"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_contributors_see_their_own_work_and_no_review_list(staff_client, staff_user):
    ArticleFactory(draft=True, title="Mine", authors=[staff_user.person])
    ArticleFactory(draft=True, title="Theirs")
    ArticleFactory(status="in_review", published_at=None, title="Waiting")

    panels = desk(staff_client.get(HOME))

    assert titles(panels["mine"]) == ["Mine"]
    assert "review" not in panels
    assert "attention" not in panels
    assert "Theirs" not in staff_client.get(HOME).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [1, 30])
def test_the_home_page_makes_at_most_15_queries(
    editor_client, editor_person, django_assert_max_num_queries, amount
):
    lots_of_content(editor_person, amount)
    for article in Article.objects.all()[:10]:
        age(article, 900)

    with django_assert_max_num_queries(15):
        response = editor_client.get(HOME)

    assert response.status_code == 200
    assert all(panel.count for panel in response.context["desk"])


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [1, 30])
def test_a_contributors_home_page_makes_at_most_15_queries_too(
    staff_client, staff_user, django_assert_max_num_queries, amount
):
    lots_of_content(staff_user.person, amount)

    with django_assert_max_num_queries(15):
        response = staff_client.get(HOME)

    assert desk(response)["mine"].count == amount


def test_every_publishable_model_is_on_the_desk():
    from django.apps import apps

    from publishing import dashboard
    from publishing.models import Publishable

    publishable = {model for model in apps.get_models() if issubclass(model, Publishable)}
    assert {entry.model for entry in dashboard.entries()} == publishable, (
        "register each publishable model with publishing.dashboard in its app's ready()"
    )
