"""Which cached pages each kind of change retires (core/cache, publishing/cachetags.py).

Every test warms the pages showing an item and one page that does not, makes a change
through the door editors and staff use, and then asks again: each page showing the item
has the change on the next request, and the unrelated page is still served from the cache.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.models import Article, SeriesEntry
from assets.tasks import make_renditions
from core.cache import tags as cache_tags
from publishing import workflow
from revisions.models import TrashedItem
from tests.helpers.cache import pages_showing
from tests.helpers.factories import (
    ArticleFactory,
    EventFactory,
    PageFactory,
    PersonFactory,
    RegionFactory,
    SeriesFactory,
    TopicFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def world(db):
    """A live article with its topic and author, and an unrelated one with its own."""
    topic, author = TopicFactory(name="Maghreb security"), PersonFactory(name="Amina Haddad")
    other_topic, other_author = TopicFactory(name="Arctic trade"), PersonFactory(name="Lars Berg")
    article = ArticleFactory(
        title="Libya and its new defence ties", topics=[topic], authors=[author]
    )
    unrelated = ArticleFactory(title="Shipping lanes", topics=[other_topic], authors=[other_author])
    return {
        "topic": topic,
        "author": author,
        "article": article,
        "unrelated": unrelated,
        "other_topic": other_topic,
    }


def showing(world):
    return pages_showing(world["article"], world["topic"], world["author"])


def warm(reader, *urls):
    for url in urls:
        reader.get(url)
        assert reader.get(url)["X-Cache"] == "hit", url


def assert_hit(reader, url):
    assert reader.get(url)["X-Cache"] == "hit", f"{url} was retired by an unrelated change"


def assert_everywhere(reader, urls, present=(), absent=()):
    for url in urls:
        html = reader.get(url).text
        for text in present:
            assert text in html, (url, text)
        for text in absent:
            assert text not in html, (url, text)


def test_publishing_shows_everywhere_and_keeps_unrelated_pages(reader, editor, world, commit):
    draft = ArticleFactory(
        title="Fresh analysis", draft=True, topics=[world["topic"]], authors=[world["author"]]
    )
    unrelated = world["unrelated"].get_absolute_url()
    warm(reader, *showing(world), unrelated, world["other_topic"].get_absolute_url())
    with commit():
        workflow.publish(draft, editor)
    assert_everywhere(reader, showing(world)[1:], present=["Fresh analysis"])
    assert "Fresh analysis" in reader.get(draft.get_absolute_url()).text
    assert_hit(reader, unrelated)
    assert_hit(reader, world["other_topic"].get_absolute_url())


def test_publishing_in_a_topic_fills_the_related_box_of_its_articles(reader, editor, world, commit):
    """The related box reads each topic's newest articles from a list kept per topic."""
    draft = ArticleFactory(title="Fresh analysis", draft=True, topics=[world["topic"]])
    article = world["article"].get_absolute_url()
    warm(reader, article, world["unrelated"].get_absolute_url())
    with commit():
        workflow.publish(draft, editor)
    assert "Fresh analysis" in reader.get(article).text
    assert_hit(reader, world["unrelated"].get_absolute_url())
    with commit():
        workflow.unpublish(draft, editor)
    assert "Fresh analysis" not in reader.get(article).text


def test_unpublishing_takes_it_off_every_page(reader, editor, world, commit):
    article = world["article"]
    warm(reader, *showing(world), world["unrelated"].get_absolute_url())
    with commit():
        workflow.unpublish(article, editor)
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert_everywhere(reader, showing(world)[1:], absent=[article.title])
    assert_hit(reader, world["unrelated"].get_absolute_url())


def test_an_expiry_takes_it_off_every_page_on_time(reader, editor, world, commit):
    article = world["article"]
    expires = timezone.now() + timedelta(minutes=5)
    with commit():
        workflow.set_expiry(article, editor, expires)
    warm(reader, *showing(world), world["unrelated"].get_absolute_url())
    with time_machine.travel(expires + timedelta(seconds=1)):
        assert reader.get(article.get_absolute_url()).status_code == 404
        assert_everywhere(reader, showing(world)[1:], absent=[article.title])
        assert_hit(reader, world["unrelated"].get_absolute_url())


def test_editing_a_live_article_shows_on_every_page_that_showed_it(reader, editor, world, commit):
    article = world["article"]
    warm(reader, *showing(world), world["unrelated"].get_absolute_url())
    article.title = "Libya and Pakistan sign a defence pact"
    with commit():
        workflow.save(article, editor)
    assert_everywhere(
        reader, showing(world), present=[article.title], absent=["Libya and its new defence ties"]
    )
    assert_hit(reader, world["unrelated"].get_absolute_url())


def test_retagging_moves_it_between_topic_pages(reader, editor, world, commit):
    article, old, new = world["article"], world["topic"], world["other_topic"]
    warm(reader, old.get_absolute_url(), new.get_absolute_url(), "/regions/")
    with commit():
        workflow.save(article, editor, relations=lambda: article.topics.set([new]))
    assert article.title not in reader.get(old.get_absolute_url()).text
    assert article.title in reader.get(new.get_absolute_url()).text
    assert_hit(reader, "/regions/")


def test_changing_a_byline_shows_on_the_article_and_the_new_authors_page(
    reader, editor, world, commit
):
    article = world["article"]
    newcomer = PersonFactory(name="Omar Farouk")
    warm(reader, article.get_absolute_url(), newcomer.get_absolute_url())
    warm(reader, world["unrelated"].get_absolute_url())
    with commit():
        workflow.save(
            article,
            editor,
            relations=lambda: article.bylines.create(person=newcomer, order=1),
        )
    assert "Omar Farouk" in reader.get(article.get_absolute_url()).text
    assert article.title in reader.get(newcomer.get_absolute_url()).text
    assert_hit(reader, world["unrelated"].get_absolute_url())


def test_renaming_a_person_shows_on_every_page_naming_them(reader, world, commit):
    author = world["author"]
    pages = [world["article"].get_absolute_url(), "/articles/", author.get_absolute_url()]
    warm(reader, *pages, world["unrelated"].get_absolute_url())
    with commit():
        author.name = "Amina El-Haddad"
        author.save()
    assert_everywhere(reader, pages, present=["Amina El-Haddad"])
    assert_hit(reader, world["unrelated"].get_absolute_url())


def test_renaming_a_topic_shows_on_its_hub_and_the_index(reader, world, commit):
    topic = world["topic"]
    pages = [topic.get_absolute_url(), "/topics/"]
    warm(reader, *pages, world["unrelated"].get_absolute_url())
    with commit():
        topic.name = "North African security"
        topic.save()
    assert_everywhere(reader, pages, present=["North African security"])
    assert_hit(reader, world["unrelated"].get_absolute_url())


def test_reordering_a_series_shows_the_new_order(reader, world, commit):
    series = SeriesFactory(title="Gulf security")
    first = ArticleFactory(title="Part about ports")
    second = ArticleFactory(title="Part about pipelines")
    SeriesEntry.objects.create(series=series, article=first, position=1)
    entry = SeriesEntry.objects.create(series=series, article=second, position=2)
    warm(reader, series.get_absolute_url(), world["unrelated"].get_absolute_url())
    html = reader.get(series.get_absolute_url()).text
    assert html.index("Part about ports") < html.index("Part about pipelines")
    with commit():
        entry.position = 0
        entry.save()
    html = reader.get(series.get_absolute_url()).text
    assert html.index("Part about pipelines") < html.index("Part about ports")
    assert_hit(reader, world["unrelated"].get_absolute_url())


def test_a_correction_shows_on_the_article_and_moves_no_list(reader, editor, world, commit):
    article, other_hub = world["article"], world["other_topic"].get_absolute_url()
    warm(reader, article.get_absolute_url(), world["unrelated"].get_absolute_url(), other_hub)
    with commit():
        workflow.add_correction(article, editor, "An earlier version misdated the agreement.")
    assert "misdated the agreement" in reader.get(article.get_absolute_url()).text
    # Lists not showing the article keep their copies: it joined or left none of them.
    assert_hit(reader, other_hub)
    assert_hit(reader, world["unrelated"].get_absolute_url())


def test_a_posted_update_shows_on_the_lists_and_the_authors_page(
    reader, staff_client, staff_user, world, commit
):
    profile = staff_user.person
    pages = ["/", "/updates/", profile.get_absolute_url()]
    warm(reader, *pages, world["article"].get_absolute_url())
    with commit():
        response = staff_client.post(
            "/updates/new/", {"body": "Our fellow testified before the Senate today."}
        )
    assert response.status_code == 302
    assert_everywhere(reader, pages, present=["testified before the Senate"])
    assert_hit(reader, world["article"].get_absolute_url())


def test_trash_and_restore_take_it_off_and_put_it_back(reader, editor, world, commit):
    article = world["article"]
    warm(reader, *showing(world), world["unrelated"].get_absolute_url())
    with commit():
        workflow.trash(article, editor)
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert_everywhere(reader, showing(world)[1:], absent=[article.title])
    assert_hit(reader, world["unrelated"].get_absolute_url())
    with commit():
        workflow.restore_from_trash(TrashedItem.objects.get(), editor)
    assert_everywhere(reader, showing(world), present=[article.title])


def test_a_new_page_in_the_menus_shows_on_every_page(reader, world, commit):
    pages = ["/", world["article"].get_absolute_url(), world["topic"].get_absolute_url()]
    warm(reader, *pages, "/robots.txt")
    with commit():
        PageFactory(title="Our funding", slug="funding", show_in_header=True)
    assert_everywhere(reader, pages, present=["Our funding"])
    assert_hit(reader, "/robots.txt")  # shows no menu


def test_saving_a_never_published_draft_retires_nothing(reader, editor, world, commit):
    draft = ArticleFactory(title="Work in progress", draft=True, topics=[world["topic"]])
    warm(reader, *showing(world))
    draft.title = "Still in progress"
    with commit():
        outcome = workflow.save(draft, editor, relations=lambda: draft.topics.add(world["topic"]))
    assert outcome.tags == frozenset()
    for url in showing(world):
        assert_hit(reader, url)


def test_an_autosave_retires_nothing(editor_client, world, commit):
    reader = Client()
    article = world["article"]
    warm(reader, *showing(world))
    with commit():
        response = editor_client.post(
            f"/admin/articles/article/{article.pk}/autosave/",
            {"title": "Half-typed new title", "body": "<p>Half a thought</p>"},
        )
    assert response.status_code in (200, 204)
    for url in showing(world):
        assert_hit(reader, url)


def test_a_scheduled_article_retires_only_the_pages_it_joins(reader, world):
    go_live = timezone.now() + timedelta(minutes=5)
    ArticleFactory(title="Due at ten", topics=[world["topic"]], published_at=go_live)
    mine, other = world["topic"].get_absolute_url(), world["other_topic"].get_absolute_url()
    warm(reader, mine, other)
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert "Due at ten" in reader.get(mine).text
        assert_hit(reader, other)


def test_an_edit_that_makes_an_article_match_a_search_shows_in_its_results(
    reader, editor, world, commit
):
    article = Article.objects.get(pk=world["article"].pk)  # as the admin loads it
    warm(reader, "/search/?q=pact", world["unrelated"].get_absolute_url())
    article.title = "Libya and Pakistan sign a defence pact"
    with commit():
        workflow.save(article, editor)
    assert article.title in reader.get("/search/?q=pact").text
    assert_hit(reader, world["unrelated"].get_absolute_url())


@pytest.mark.usefixtures("task_queue")
def test_a_finished_rendition_retires_its_owners_pages_once(reader, world, commit, monkeypatch):
    announced = []
    monkeypatch.setattr(cache_tags, "_listeners", [announced.append])
    with commit():
        article = ArticleFactory(hero_image=image_file(size=(1600, 800)), hero_alt="A meeting")
    warm(reader, article.get_absolute_url(), world["unrelated"].get_absolute_url())
    announced.clear()

    with commit():
        make_renditions.call(article._meta.label, article.pk)

    assert announced == [frozenset({f"article:{article.pk}"})]
    assert "srcset" in reader.get(article.get_absolute_url()).text
    assert_hit(reader, world["unrelated"].get_absolute_url())


# A topic's or a person's own tag ("topic:4") is carried by every page showing their name;
# the list of what is filed under them has a tag of its own, so joining the list retires
# the pages listing it and not every page whose cards name them.


@pytest.fixture
def naming_topic(world):
    """An unrelated article page whose related box shows a card of an article that is also
    in the world's topic: the page names the topic (its card loads it) but lists none of
    the topic's items."""
    ArticleFactory(title="Ports of the north", topics=[world["topic"], world["other_topic"]])
    return world["unrelated"].get_absolute_url()


def test_an_article_published_in_a_topic_keeps_pages_that_only_name_it(
    reader, editor, world, naming_topic, commit
):
    hub = world["topic"].get_absolute_url()
    draft = ArticleFactory(title="Fresh analysis", draft=True, topics=[world["topic"]])
    warm(reader, naming_topic, hub)
    assert "Ports of the north" in reader.get(naming_topic).text
    with commit():
        workflow.publish(draft, editor)
    assert_hit(reader, naming_topic)
    assert "Fresh analysis" in reader.get(hub).text


def test_an_update_posted_in_a_topic_keeps_pages_that_only_name_it(
    reader, staff_client, world, naming_topic, commit
):
    hub = world["topic"].get_absolute_url()
    warm(reader, naming_topic, hub)
    with commit():
        staff_client.post(
            "/updates/new/",
            {"body": "Our fellow briefed the ministers.", "topics": [world["topic"].pk]},
        )
    assert_hit(reader, naming_topic)
    assert "briefed the ministers" in reader.get(hub).text


def test_new_work_by_a_person_keeps_pages_that_only_name_them(reader, editor, world, commit):
    author = world["author"]
    # Its related box shows a card with the author in its byline.
    ArticleFactory(title="Ports of the north", topics=[world["other_topic"]], authors=[author])
    page = world["unrelated"].get_absolute_url()
    draft = ArticleFactory(title="Fresh analysis", draft=True, authors=[author])
    warm(reader, page, author.get_absolute_url())
    assert "Amina Haddad" in reader.get(page).text

    with commit():
        workflow.publish(draft, editor)
    assert_hit(reader, page)
    assert "Fresh analysis" in reader.get(author.get_absolute_url()).text


def test_new_expertise_shows_on_the_hubs_and_keeps_pages_that_name_them(reader, world, commit):
    topic, region = world["topic"], RegionFactory(name="Nordics")
    expert = PersonFactory(name="Nadia Rahman")
    # Its related box shows a card of an article in the topic: it names the topic.
    ArticleFactory(title="Ports of the north", topics=[topic, world["other_topic"]])
    hubs = [topic.get_absolute_url(), region.get_absolute_url()]
    warm(reader, *hubs, world["unrelated"].get_absolute_url())
    with commit():
        expert.expertise.add(topic)
        expert.regions.add(region)
    assert_everywhere(reader, hubs, present=["Nadia Rahman"])
    assert_hit(reader, world["unrelated"].get_absolute_url())


def test_an_article_linked_from_an_event_shows_there_when_it_is_published(reader, editor, commit):
    draft = ArticleFactory(title="The briefing paper", draft=True)
    event = EventFactory(title="Briefing on Sahel security")
    event.related_articles.add(draft)
    event.report = draft
    event.save()
    warm(reader, event.get_absolute_url())
    with commit():
        workflow.publish(draft, editor)
    assert "The briefing paper" in reader.get(event.get_absolute_url()).text
