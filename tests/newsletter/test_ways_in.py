"""Readers find the sign-up page from every page's footer and from each topic."""

import re

import pytest

from tests.helpers.factories import ArticleFactory, TopicFactory

from .conftest import SUBSCRIBE

pytestmark = pytest.mark.django_db


def test_the_footer_links_to_the_sign_up_page(client):
    assert f'href="{SUBSCRIBE}"' in client.get("/").content.decode()


def test_a_topic_page_offers_its_analysis_by_email(client):
    topic = TopicFactory(name="Defence & security", slug="defence")
    ArticleFactory(topics=[topic])
    html = client.get(topic.get_absolute_url()).content.decode()
    link = f'href="{SUBSCRIBE}?topic=defence">Get Defence &amp; security analysis by email'
    assert link in html


@pytest.mark.parametrize("slug", ["defence", "sécurité"])
def test_following_a_topic_pages_link_ticks_that_topic(client, slug):
    topic = TopicFactory(name="The topic", slug=slug)
    TopicFactory(name="Another topic")
    page = client.get(topic.get_absolute_url()).content.decode()
    href = re.search(r'href="([^"]+)">Get The topic analysis by email', page).group(1)
    form = client.get(href.replace("&amp;", "&")).content.decode()
    ticked = re.findall(r'name="topics" value="(\d+)"[^>]*checked', form)
    assert ticked == [str(topic.pk)]
