"""The header and footer menus: the live pages editors placed there, cached with content."""

import pytest
from django.core.cache import cache

from publishing import workflow
from tests.helpers.factories import PageFactory

pytestmark = pytest.mark.django_db


def header(html):
    return html.split('aria-label="Main">', 1)[1].split("</nav>", 1)[0]


def footer(html):
    """The footer's menu ("Explore"); Contact, Press, Privacy and Accessibility also have
    fixed places elsewhere in the footer when such a page is live."""
    return html.split('id="footer-explore"', 1)[1].split("</nav>", 1)[0]


def test_pages_appear_in_the_menus_editors_chose_in_their_order(client):
    PageFactory(title="Contact", slug="contact", show_in_header=True, menu_order=2)
    PageFactory(title="About", slug="about", show_in_header=True, show_in_footer=True)
    PageFactory(title="Privacy notice", slug="privacy", show_in_footer=True)
    html = client.get("/").content.decode()
    assert header(html).index('href="/about/"') < header(html).index('href="/contact/"')
    assert 'href="/privacy/"' not in header(html)
    assert 'href="/privacy/"' in footer(html) and 'href="/contact/"' not in footer(html)


def test_an_unpublished_page_leaves_the_menus_at_once(client, editor):
    page = PageFactory(title="About", slug="about", show_in_header=True, show_in_footer=True)
    assert 'href="/about/"' in client.get("/articles/").content.decode()
    workflow.unpublish(page, editor)
    assert 'href="/about/"' not in client.get("/articles/").content.decode()


def test_the_current_page_is_marked_in_the_menu(client):
    PageFactory(title="About", slug="about", show_in_header=True)
    html = client.get("/about/").content.decode()
    assert '<a href="/about/" aria-current="page">About</a>' in header(html)


def test_the_menus_cost_no_query_once_cached(
    django_assert_num_queries, django_assert_max_num_queries
):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    PageFactory(title="About", slug="about", show_in_header=True, show_in_footer=True)
    cache.clear()
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    # Both menus, and when scheduled content next goes live (articles, pages).
    with django_assert_max_num_queries(3):
        render_to_string("base.html", request=request)
    with django_assert_num_queries(0):
        html = render_to_string("base.html", request=request)
    assert 'href="/about/"' in html
