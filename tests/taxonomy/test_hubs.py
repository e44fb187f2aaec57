"""The hub registry: content apps tell topic, region and person pages what they list.

Hub pages import no content app; what they show is what `taxonomy.hubs` holds, filled in
the content apps' `ready()`.
"""

import tomllib
from pathlib import Path

import grimp
import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from people.models import Person
from taxonomy import hubs
from taxonomy.models import Region, Topic
from tests.helpers.factories import ArticleFactory, PersonFactory, RegionFactory, TopicFactory

ROOT = Path(__file__).parents[2]
CONTENT_APPS = ["newsletter", "articles", "people"]


@pytest.fixture
def registry(monkeypatch):
    """The registry as the apps filled it, restored after the test changes it."""
    for table in (hubs._sections, hubs._counts):
        for label, entries in list(table.items()):
            monkeypatch.setitem(table, label, dict(entries))
    return hubs


def section(name, **options):
    return hubs.Section(
        name, "people/hubs/experts.html", lambda hub: Person.objects.none(), **options
    )


def test_each_hub_lists_what_the_content_apps_registered_in_page_order():
    def layout(model):
        return [(s.name, s.place, s.paged) for s in hubs.sections(model)]

    assert layout(Topic) == [
        ("featured", "main", False),  # articles: the featured piece that leads
        ("articles", "main", True),  # articles, paged: the latest analysis
        ("events", "aside", False),  # events: upcoming first
        ("experts", "aside", False),  # people: who can speak to it
        ("updates", "aside", False),  # articles
    ]
    assert layout(Region) == [
        ("featured", "main", False),
        ("articles", "main", True),
        ("events", "aside", False),
        ("experts", "aside", False),  # people: who list the region among theirs
        ("writers", "aside", False),  # articles: others with published work on it
    ]
    assert {s.name for s in hubs.sections(Person)} == {"articles", "events", "updates"}
    assert [c.name for c in hubs.counts(Topic)] == ["article_count"]
    assert [c.name for c in hubs.counts(Region)] == ["article_count"]


@pytest.mark.parametrize(
    "bad, message",
    [
        (section("articles"), "already has a section named 'articles'"),
        (section("seminars", paged=True), "already have their one paged section"),
        (section("seminars", place="footer"), "goes in 'main' or 'aside'"),
    ],
)
def test_a_clashing_or_misplaced_section_is_refused_at_start_up(registry, bad, message):
    with pytest.raises(ValueError, match=message):
        registry.register(Topic, bad)


def test_a_count_registered_twice_is_refused(registry):
    (count,) = registry.counts(Topic)
    with pytest.raises(ValueError, match="already has a count named 'article_count'"):
        registry.register_count(Topic, count)


@pytest.mark.django_db
def test_a_new_content_app_joins_a_hub_page_by_registering(registry, client):
    region = RegionFactory()
    PersonFactory(name="Listed by the new app")
    registry.register(
        Region,
        hubs.Section(
            "everyone",
            "people/hubs/experts.html",
            lambda hub: Person.objects.active(),
            place=hubs.ASIDE,
            order=1,
        ),
    )
    html = client.get(region.get_absolute_url()).content.decode()
    assert "Listed by the new app" in html
    assert html.index("Listed by the new app") > html.index('<aside class="sidebar">')


@pytest.mark.django_db
def test_counts_from_several_apps_add_up_without_multiplying_each_other(registry):
    topic = TopicFactory()
    ArticleFactory.create_batch(2, topics=[topic])
    ArticleFactory(topics=[topic], draft=True)
    for person in PersonFactory.create_batch(3):
        person.expertise.add(topic)
    registry.register_count(
        Topic, hubs.Count("expert_count", "experts", lambda: Count("expert_links", distinct=True))
    )
    counted = Topic.objects.with_counts().get(pk=topic.pk)
    assert (counted.article_count, counted.expert_count) == (2, 3)


@pytest.mark.django_db
def test_a_hub_page_costs_the_same_queries_however_much_its_sections_list(
    client, django_assert_max_num_queries
):
    topic = TopicFactory()
    ArticleFactory(topics=[topic])
    PersonFactory().expertise.add(topic)
    with CaptureQueriesContext(connection) as few:
        client.get(topic.get_absolute_url())
    ArticleFactory.create_batch(11, topics=[topic], authors=PersonFactory.create_batch(2))
    for person in PersonFactory.create_batch(7):
        person.expertise.add(topic)
    with django_assert_max_num_queries(len(few)):
        client.get(topic.get_absolute_url())


def test_the_layers_have_taxonomy_below_the_content_apps_and_no_exception():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    layers = contract["layers"]
    assert layers.index("people") + 1 == layers.index("taxonomy")
    assert layers[layers.index("taxonomy") + 1].startswith("revisions : ")  # the platform
    assert "taxonomy" in config["root_packages"]
    assert "ignore_imports" not in contract


def test_people_and_taxonomy_import_no_content_app_above_them():
    graph = grimp.build_graph("people", "taxonomy", *CONTENT_APPS, cache_dir=None)
    for importer, above in [("people", ["articles", "newsletter"]), ("taxonomy", CONTENT_APPS)]:
        for upper in above:
            chain = graph.find_shortest_chain(importer=importer, imported=upper, as_packages=True)
            assert chain is None, f"{importer} imports {upper}: {' -> '.join(chain)}"
