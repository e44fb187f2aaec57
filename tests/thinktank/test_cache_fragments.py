"""Rendered fragments (core/cache/fragments.py): an article's body and byline, a list's
cards, a hub's sections are kept per version of what they show, so a page the page cache
does not hold is put together from them, and a change shows on the very next render."""

import pytest
from django.template import Context, Template
from django.test import Client

from core.cache import collecting
from people.models import Person
from tests.helpers.cache import pages_showing
from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    """The page cache off: every request renders, from fragments where they are kept."""
    settings.PAGE_CACHE_SECONDS = 0
    return Client()


@pytest.fixture
def world(db):
    topic, author = TopicFactory(name="Maghreb security"), PersonFactory(name="Amina Haddad")
    article = ArticleFactory(title="Defence ties", topics=[topic], authors=[author])
    return {"topic": topic, "author": author, "article": article}


def pages(world):
    return pages_showing(world["article"], world["topic"], world["author"])


def test_a_warm_article_page_asks_one_query(uncached, world, django_assert_num_queries):
    url = world["article"].get_absolute_url()
    uncached.get(url)
    with django_assert_num_queries(1):  # the article's row; the rest comes from fragments
        response = uncached.get(url)
    assert "Amina Haddad" in response.text


def test_warm_lists_and_hubs_ask_no_rows(uncached, world, django_assert_max_num_queries):
    for url in pages(world)[1:]:
        uncached.get(url)
        # At most the hub's own row (a topic, a person): the lists come from fragments.
        with django_assert_max_num_queries(1):
            uncached.get(url)


def test_renaming_a_person_rerenders_every_fragment_naming_them(uncached, world, commit):
    author = world["author"]
    for url in pages(world):
        assert "Amina Haddad" in uncached.get(url).text, url
    with commit():
        author.name = "Amina El-Haddad"
        author.save()
    for url in pages(world):
        html = uncached.get(url).text
        assert "Amina El-Haddad" in html, url
        assert "Amina Haddad" not in html, url


def test_editing_the_article_rerenders_its_fragments(uncached, world, commit):
    article = world["article"]
    uncached.get(article.get_absolute_url())
    with commit():
        article.summary = "A new summary for readers."
        article.save()
    assert "A new summary for readers." in uncached.get(article.get_absolute_url()).text


def test_a_page_made_from_kept_fragments_carries_their_tags(client, settings, world, commit):
    article, author = world["article"], world["author"]
    settings.PAGE_CACHE_SECONDS = 0
    client.get(article.get_absolute_url())  # the fragments are kept
    settings.PAGE_CACHE_SECONDS = 600
    response = client.get(article.get_absolute_url())
    assert response["X-Cache"] == "miss"
    tags = response["xkey"].split()
    # Shown by the byline and topic links, which came from the kept fragment.
    assert f"person:{author.pk}" in tags
    assert f"topic:{world['topic'].pk}" in tags
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    with commit():
        author.name = "Amina El-Haddad"
        author.save()
    response = client.get(article.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "Amina El-Haddad" in response.text


def test_rows_read_before_a_fragment_tag_it(world, commit):
    """A list's rows are read for the page's head (JSON-LD) and shown in its body."""
    author = world["author"]
    template = Template(
        '{% load fragments %}{{ people.0.name }}{% fragment "names" %}'
        "{% for person in people %}{{ person.name }}{% endfor %}{% endfragment %}"
    )

    def render():
        with collecting():
            people = list(Person.objects.filter(pk=author.pk))
            return template.render(Context({"people": people}))

    assert render() == "Amina HaddadAmina Haddad"
    with commit():
        author.name = "Amina El-Haddad"
        author.save()
    assert render() == "Amina El-HaddadAmina El-Haddad"


def test_a_fragment_with_an_unnamed_part_is_rendered_each_time():
    template = Template('{% load fragments %}{% fragment "n" part %}{{ value }}{% endfragment %}')
    assert template.render(Context({"part": None, "value": 1})) == "1"
    assert template.render(Context({"part": None, "value": 2})) == "2"
    assert template.render(Context({"part": "a", "value": 3})) == "3"
    assert template.render(Context({"part": "a", "value": 4})) == "3"


def test_previews_never_read_or_keep_fragments():
    template = Template('{% load fragments %}{% fragment "p" %}{{ value }}{% endfragment %}')
    assert template.render(Context({"value": "live"})) == "live"
    assert template.render(Context({"value": "draft", "preview": {"explanation": ""}})) == "draft"
    assert template.render(Context({"value": "other"})) == "live"
