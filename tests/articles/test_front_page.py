"""The home page as a front page: editors' slots, the fallbacks, and what follows."""

import pytest
from django.utils import timezone

from articles.models import FrontPage, FrontPageSlot
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UpdateFactory,
    image_file,
)
from tests.helpers.roles import client_for

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timezone.timedelta(days=days)


def top(response):
    context = response.context
    return [context["lead"].title] + [a.title for a in context["secondary"]]


def choose(**positions):
    front_page = FrontPage.load()
    for position, article in positions.items():
        FrontPageSlot.objects.create(
            front_page=front_page, position=int(position[1:]), article=article
        )


def test_by_default_the_newest_featured_story_leads_then_the_newest(client):
    ArticleFactory(title="Old featured", featured=True, published_at=days_ago(300))
    ArticleFactory(title="New featured", featured=True, published_at=days_ago(30))
    ArticleFactory(title="Newest", published_at=days_ago(1))
    ArticleFactory(title="Older", published_at=days_ago(100))
    ArticleFactory(title="Featured draft", featured=True, draft=True)
    response = client.get("/")
    assert top(response) == ["New featured", "Old featured", "Newest", "Older"]
    assert "Featured draft" not in response.content.decode()


def test_editors_choose_the_lead_and_the_order_and_empty_slots_fall_back(client):
    featured = ArticleFactory(title="Featured", featured=True, published_at=days_ago(5))
    chosen_lead = ArticleFactory(title="Chosen lead", published_at=days_ago(200))
    third = ArticleFactory(title="Chosen third", published_at=days_ago(100))
    ArticleFactory(title="Newest", published_at=days_ago(1))
    ArticleFactory(title="Oldest", published_at=days_ago(400))
    ArticleFactory(title="Newer", published_at=days_ago(2))
    choose(p1=chosen_lead, p3=third)
    response = client.get("/")
    # Slot 2 and 4 are empty: the newest featured, then the newest.
    assert top(response) == ["Chosen lead", "Featured", "Chosen third", "Newest", "Newer"]
    assert featured.title not in [a.title for a in response.context["latest"]]
    assert [a.title for a in response.context["latest"]] == ["Oldest"]


def test_a_chosen_story_no_longer_published_is_replaced(client):
    withdrawn = ArticleFactory(title="Withdrawn", draft=True)
    ArticleFactory(title="Live", published_at=days_ago(3))
    choose(p1=withdrawn)
    response = client.get("/")
    assert top(response) == ["Live"]
    assert "Withdrawn" not in response.content.decode()


def test_changing_the_slots_in_the_admin_changes_the_home_page_at_once(client, admin_client):
    ArticleFactory(title="Was leading", featured=True, published_at=days_ago(1))
    pick = ArticleFactory(title="Now leading", published_at=days_ago(50))
    assert top(client.get("/"))[0] == "Was leading"
    front_page = FrontPage.load()
    assert admin_client.get("/admin/articles/frontpage/").url.endswith(
        f"/admin/articles/frontpage/{front_page.pk}/change/"
    )
    prefix = "slots"
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "5",
        f"{prefix}-0-position": "1",
        f"{prefix}-0-article": str(pick.pk),
    }
    response = admin_client.post(f"/admin/articles/frontpage/{front_page.pk}/change/", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    assert top(client.get("/"))[0] == "Now leading"


@pytest.mark.parametrize("query", ["", "?o=99999999999999999999", "?q=%00", "?p=abc"])
def test_the_home_page_screen_opens_from_its_list_address_whatever_the_query(admin_client, query):
    response = admin_client.get(f"/admin/articles/frontpage/{query}")
    assert response.status_code == 302
    assert admin_client.get(response.url).status_code == 200


def test_only_editors_open_the_home_page_screen(request):
    assert (
        client_for(request, "editor").get("/admin/articles/frontpage/", follow=True).status_code
        == 200
    )
    assert client_for(request, "staff").get("/admin/articles/frontpage/").status_code == 403
    assert not FrontPage.objects.exists() or FrontPage.objects.count() == 1


def test_the_front_page_shows_bands_for_topics_regions_experts_and_the_newsletter(client):
    topic, region = TopicFactory(name="Arms control"), RegionFactory(name="Sahel")
    ArticleFactory(topics=[topic], regions=[region])
    PersonFactory(name="Amina Rahman", photo=image_file(size=(300, 300)))
    PersonFactory(name="No Photo")
    UpdateFactory(body="Testified today")
    html = client.get("/").content.decode()
    for text in ("Arms control", "Sahel", "Amina Rahman", "Testified today", 'href="/newsletter/"'):
        assert text in html, text
    assert "No Photo" not in html  # the strip shows faces


def test_lead_and_secondary_stories_show_their_images(client):
    for days in range(3):
        ArticleFactory(
            hero_image=image_file(size=(800, 450)),
            hero_alt=f"Picture {days}",
            published_at=days_ago(days),
        )
    html = client.get("/").content.decode()
    assert 'alt="Picture 0" class="lead-story__image"' in html
    assert 'alt="Picture 1" class="story__image"' in html


def test_home_query_count_is_bounded(client, django_assert_max_num_queries):
    topic, region = TopicFactory(), RegionFactory()
    people = [PersonFactory(photo=image_file()) for _ in range(2)]

    def add(n):
        ArticleFactory.create_batch(
            n, featured=True, topics=[topic], regions=[region], authors=people
        )
        ArticleFactory.create_batch(n * 3, topics=[topic], authors=people)
        UpdateFactory.create_batch(n * 2, topics=[topic])

    # 16 with every cache cold: slots, the fallback, the stories (+2 prefetches), the
    # busiest topics and regions and the next scheduled change, the latest (+2), updates
    # (+1), experts; 1 for the institution's pages in the menus (cached with content) and
    # 1 for the upcoming events strip.
    add(1)
    choose(p2=ArticleFactory(authors=people))
    with django_assert_max_num_queries(16):
        client.get("/")
    add(4)
    with django_assert_max_num_queries(16):
        client.get("/")
