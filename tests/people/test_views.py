import pytest

from people.models import Person
from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [person.name for person in response.context["page_obj"].object_list]


class TestDirectory:
    def test_lists_active_people_in_sort_order(self, client):
        PersonFactory(name="Second", sort_order=20)
        PersonFactory(name="First", sort_order=10)
        PersonFactory(name="Gone", is_active=False)
        assert names(client.get("/people/")) == ["First", "Second"]

    def test_filters_by_kind_and_expertise(self, client):
        topic = TopicFactory(slug="maritime")
        sailor = PersonFactory(name="Sailor", kind=Person.Kind.FELLOW)
        sailor.expertise.add(topic)
        PersonFactory(name="Board member", kind=Person.Kind.BOARD).expertise.add(topic)
        PersonFactory(name="Other fellow", kind=Person.Kind.FELLOW)
        assert names(client.get("/people/?kind=fellow&expertise=maritime")) == ["Sailor"]

    @pytest.mark.parametrize("query", ["kind=wizard", "expertise=nothing", "page=abc"])
    def test_bad_filters_never_error(self, client, query):
        PersonFactory()
        assert client.get(f"/people/?{query}").status_code == 200

    def test_query_count_is_bounded(self, client, django_assert_max_num_queries):
        # Cold caches: the topic and region menus and the A–Z letters are read once,
        # then kept until content changes.
        PersonFactory.create_batch(3)
        with django_assert_max_num_queries(8):  # and 1 for the pages' menus
            client.get("/people/")
        PersonFactory.create_batch(20)
        with django_assert_max_num_queries(8):  # and 1 for the pages' menus
            client.get("/people/")


class TestProfile:
    def test_shows_bio_expertise_links_articles_and_updates(self, client):
        topic = TopicFactory(name="Defence industry")
        person = PersonFactory(
            name="Tariq Mehmood",
            role="Director of Research",
            bio="<p>Long <em>bio</em>.</p>",
            media_email="press@example.org",
        )
        person.expertise.add(topic)
        person.links.create(label="Google Scholar", url="https://scholar.example.org/t")
        ArticleFactory(title="His report", authors=[person])
        ArticleFactory(title="His draft", authors=[person], draft=True)
        UpdateFactory(author=person, body="Testified today")
        UpdateFactory(author=person, body="Scheduled post", future=True)
        html = client.get(person.get_absolute_url()).content.decode()
        for text in (
            "Tariq Mehmood",
            "Director of Research",
            "Long <em>bio</em>.",
            "Defence industry",
            "Google Scholar",
            "mailto:press@example.org",
            "His report",
            "Testified today",
        ):
            assert text in html
        assert "His draft" not in html
        assert "Scheduled post" not in html

    def test_inactive_or_unknown_people_are_404(self, client):
        assert client.get(PersonFactory(is_active=False).get_absolute_url()).status_code == 404
        assert client.get("/people/nobody/").status_code == 404

    def test_profile_query_count_is_bounded(self, client, django_assert_max_num_queries):
        person = PersonFactory()
        person.expertise.add(*TopicFactory.create_batch(3))
        ArticleFactory.create_batch(8, authors=[person], topics=[TopicFactory()])
        UpdateFactory.create_batch(5, author=person)
        # 11, 1 for the pages' menus and 1 for the events box.
        with django_assert_max_num_queries(13):
            client.get(person.get_absolute_url())
