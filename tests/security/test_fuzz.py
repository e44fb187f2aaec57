"""Property-based: random strings in every public query parameter and the update form."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db

# Printable and hostile: quotes, brackets, NUL, surrogates are not valid in URLs,
# so draw from every other code point, with a bias to the ASCII punctuation parsers hate.
text = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300),
    st.text(alphabet="<>\"'%&;=?#/\\\x00 -*:()[]{}|", max_size=60),
    st.integers().map(str),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PAGES = {
    "/": ["page"],
    "/articles/": ["topic", "region", "kind", "author", "year", "page"],
    "/search/": ["q", "type", "page", "topic", "year"],
    "/people/": ["kind", "expertise", "page"],
    "/topics/fuzz/": ["page"],
    "/updates/": ["page"],
    "/newsletter/": ["topic"],
    "/accounts/login/": ["next"],
}


@pytest.fixture
def content(db):
    topic = TopicFactory(slug="fuzz")
    ArticleFactory(topics=[topic], authors=[PersonFactory()])


@pytest.mark.parametrize("path", list(PAGES))
def test_no_query_string_produces_a_server_error(client, content, path):
    @FUZZ
    @given(values=st.lists(text, min_size=1, max_size=len(PAGES[path])))
    def check(values):
        params = dict(zip(PAGES[path], values, strict=False))
        response = client.get(path, params)
        assert response.status_code < 500, (path, params)

    check()


def test_no_update_form_input_produces_a_server_error(staff_client, content):
    @FUZZ
    @given(body=text, link=text, alt=text, topics=st.lists(text, max_size=3))
    def check(body, link, alt, topics):
        response = staff_client.post(
            "/updates/new/", {"body": body, "link": link, "image_alt": alt, "topics": topics}
        )
        assert response.status_code < 500

    check()
