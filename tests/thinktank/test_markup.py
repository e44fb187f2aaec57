"""Markup the Nu HTML Checker and axe would refuse, caught here with the test client.

`make e2e` runs the checker itself over the served pages (tests/e2e/test_html_validity.py);
these tests pin each fault it found to the page and the rule, so `make test` sees them too.
"""

import itertools
import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles.models import Correction
from publishing.models import PreviewLink
from tests.helpers.admin import ARTICLES
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    TopicFactory,
    UpdateFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), and the text of its JSON-LD blocks."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.jsonld, self._in_jsonld = [], [], False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(json.loads(data))
            self._in_jsonld = False

    def all(self, tag=None, **attrs):
        return [
            a
            for t, a in self.tags
            if (tag is None or t == tag) and all(a.get(k) == v for k, v in attrs.items())
        ]


def page(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return Elements(response.content.decode())


# Times -------------------------------------------------------------------------------------

WHOLE_SECONDS = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z))?")


@pytest.fixture
def just_published():
    """An article and an update saved "now", to the microsecond, as the admin saves them."""
    now = (timezone.now() - timedelta(seconds=1)).replace(microsecond=568788)
    author = PersonFactory(name="Amina Rahman", slug="amina-rahman")
    topic = TopicFactory(name="Defence cooperation", slug="defence-cooperation")
    article = ArticleFactory(
        title="Haftar at GHQ", slug="haftar", published_at=now, authors=[author], topics=[topic]
    )
    Correction.objects.create(article=article, text="An earlier version misstated the date.")
    UpdateFactory(body="Haftar visited GHQ today.", author=author, published_at=now, topics=[topic])
    return article


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/",
        "/articles/haftar/",
        "/topics/defence-cooperation/",
        "/people/amina-rahman/",
        "/updates/",
        "/search/?q=Haftar",
        "/search/?q=Haftar&type=update",
    ],
)
def test_times_of_items_published_just_now_are_written_to_the_whole_second(
    client, just_published, path
):
    elements = page(client, path)
    times = [attrs["datetime"] for attrs in elements.all("time")]
    assert times, "the page shows no publication time"
    for value in times:
        assert WHOLE_SECONDS.fullmatch(value), f"<time datetime={value!r}>"
    for name in ("article:published_time", "article:modified_time"):
        for meta in elements.all("meta", property=name):
            assert WHOLE_SECONDS.fullmatch(meta["content"]), f"{name}: {meta['content']!r}"
    for data in elements.jsonld:
        for item in data if isinstance(data, list) else [data]:
            for key in ("datePublished", "dateModified"):
                if key in item:
                    assert WHOLE_SECONDS.fullmatch(item[key]), f"{key}: {item[key]!r}"


# Headings and landmarks ----------------------------------------------------------------------


def heading_levels(elements):
    return [int(tag[1]) for tag, _ in elements.tags if re.fullmatch(r"h[1-6]", tag)]


@pytest.mark.parametrize("path", ["/articles/", "/articles/?kind=analysis", "/"])
def test_headings_never_skip_a_level(client, path):
    ArticleFactory.create_batch(2)
    levels = heading_levels(page(client, path))
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"h{before} is followed by h{after}: {levels}"


@pytest.mark.parametrize("path", ["/", "/search/", "/search/?q=Libya"])
def test_every_search_landmark_has_a_name_of_its_own(client, path):
    forms = page(client, path).all(role="search")
    names = [attrs.get("aria-label") or attrs.get("aria-labelledby") for attrs in forms]
    assert all(names), f"a search landmark has no name: {forms}"
    assert len(set(names)) == len(names), f"search landmarks share a name: {names}"


# Forms ---------------------------------------------------------------------------------------


def duplicate_ids(elements):
    ids = [attrs["id"] for _, attrs in elements.tags if attrs.get("id")]
    return sorted({i for i in ids if ids.count(i) > 1})


def test_the_update_form_sent_back_with_errors_gives_each_id_once(staff_client):
    response = staff_client.post("/updates/new/", {"body": "", "image": image_file()})
    assert response.status_code == 200
    elements = Elements(response.content.decode())
    assert elements.all(id="id_image_alt_error"), "the missing alt text is not reported"
    assert not duplicate_ids(elements)
    described = elements.all("input", name="image_alt")[0]["aria-describedby"].split()
    assert "id_image_alt_error" in described


def labels_for_hidden_or_missing_controls(elements):
    controls = {
        attrs["id"]: attrs
        for tag, attrs in elements.tags
        if tag in {"input", "select", "textarea"} and attrs.get("id")
    }
    return [
        label["for"]
        for label in elements.all("label")
        if label.get("for")
        and (label["for"] not in controls or controls[label["for"]].get("type") == "hidden")
    ]


@pytest.fixture
def article_with_everything():
    """Two authors, a correction and a preview link: every inline of the change form in use."""
    article = ArticleFactory(authors=[PersonFactory(), PersonFactory()])
    Correction.objects.create(article=article, text="An earlier version misstated the date.")
    PreviewLink.objects.create(
        item=article, note="Co-author", expires_at=timezone.now() + timedelta(days=7)
    )
    return article


def test_article_form_labels_only_point_at_visible_controls(editor_client, article_with_everything):
    for path in (f"{ARTICLES}add/", f"{ARTICLES}{article_with_everything.pk}/change/"):
        elements = page(editor_client, path)
        assert elements.all("input", name="loaded_version") or path.endswith("add/")
        assert labels_for_hidden_or_missing_controls(elements) == [], path


def test_preview_link_fields_each_have_a_label(editor_client, article_with_everything):
    elements = page(editor_client, f"{ARTICLES}{article_with_everything.pk}/change/")
    labelled = {label.get("for") for label in elements.all("label")}
    for name in ("note", "expires_at_0", "expires_at_1"):
        field = elements.all("input", name=f"preview_links-0-{name}")
        assert field, f"no preview link field {name}"
        assert field[0]["id"] in labelled, f"the preview link's {name} field has no <label>"
