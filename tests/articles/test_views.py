from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UpdateFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["page_obj"].object_list]


class TestArticleDetail:
    def test_shows_title_kind_date_authors_body_and_reading_time(self, client):
        author = PersonFactory(name="Amina Rahman", role="Senior Fellow, Security")
        article = ArticleFactory(
            title="Haftar at GHQ",
            kind=Article.Kind.ANALYSIS,
            authors=[author],
            published_at=timezone.now().replace(year=2025, month=7, day=18),
        )
        response = client.get(article.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert '<h1 class="article__title">Haftar at GHQ</h1>' in html
        assert "Analysis" in html
        assert "18 July 2025" in html
        assert f'href="{author.get_absolute_url()}"' in html
        assert "Senior Fellow, Security" in html
        assert "1 min read" in html

    def test_headings_are_linked_from_a_table_of_contents(self, client):
        article = ArticleFactory(body="<h2>First part</h2><p>x</p><h2>Second part</h2>")
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<h2 id="first-part">First part</h2>' in html
        assert '<a href="#first-part">First part</a>' in html
        assert '<a href="#second-part">Second part</a>' in html

    def test_hero_image_has_alt_caption_credit_and_dimensions(self, client):
        article = ArticleFactory(
            hero_image=image_file(size=(320, 180)),
            hero_alt="Two generals shake hands",
            hero_caption="The meeting at GHQ",
            hero_credit="Photo: ISPR",
        )
        html = client.get(article.get_absolute_url()).content.decode()
        assert 'alt="Two generals shake hands"' in html
        assert 'width="320" height="180"' in html
        assert "The meeting at GHQ" in html
        assert "Photo: ISPR" in html

    def test_links_its_topics_and_regions(self, client):
        topic, region = TopicFactory(name="Counter-terrorism"), RegionFactory(name="Sahel")
        article = ArticleFactory(topics=[topic], regions=[region])
        html = client.get(article.get_absolute_url()).content.decode()
        assert f'href="{topic.get_absolute_url()}"' in html
        assert f'href="{region.get_absolute_url()}"' in html

    def test_shows_related_published_articles_only(self, client):
        topic = TopicFactory()
        article = ArticleFactory(topics=[topic])
        related = ArticleFactory(topics=[topic], title="A related piece")
        ArticleFactory(topics=[topic], title="Secret draft", draft=True)
        ArticleFactory(topics=[topic], title="Embargoed piece", future=True)
        response = client.get(article.get_absolute_url())
        assert list(response.context["related"]) == [related]
        assert "Secret draft" not in response.content.decode()
        assert "Embargoed piece" not in response.content.decode()

    @pytest.mark.parametrize("traits", [{"draft": True}, {"future": True}])
    def test_drafts_and_future_articles_are_404(self, client, traits):
        article = ArticleFactory(**traits)
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_unknown_slug_is_404_in_the_sites_style(self, client):
        response = client.get("/articles/no-such-article/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_editor_typed_text_is_escaped(self, client):
        article = ArticleFactory(
            title="<script>alert(1)</script>",
            summary='"><img src=x onerror=alert(1)>',
            hero_image=image_file(),
            hero_alt='" onload="alert(1)',
        )
        html = client.get(article.get_absolute_url()).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x onerror" not in html
        assert '" onload="alert(1)' not in html

    def test_inactive_author_is_named_but_not_linked(self, client):
        gone = PersonFactory(name="Former Fellow", is_active=False)
        article = ArticleFactory(authors=[gone])
        html = client.get(article.get_absolute_url()).content.decode()
        assert "Former Fellow" in html
        assert gone.get_absolute_url() not in html


class TestArticleList:
    def test_lists_only_live_articles_newest_first(self, client):
        ArticleFactory(title="Old", published_at=timezone.now() - timedelta(days=5))
        ArticleFactory(title="New")
        ArticleFactory(title="Draft", draft=True)
        ArticleFactory(title="Future", future=True)
        response = client.get(reverse("articles:list"))
        assert titles(response) == ["New", "Old"]

    def test_filters_combine(self, client):
        topic, region, person = (
            TopicFactory(slug="defence"),
            RegionFactory(slug="sahel"),
            PersonFactory(slug="amina"),
        )
        ArticleFactory(
            title="Match",
            topics=[topic],
            regions=[region],
            authors=[person],
            kind=Article.Kind.REPORT,
            published_at=timezone.now().replace(year=2024),
        )
        ArticleFactory(title="Wrong kind", topics=[topic], regions=[region], authors=[person])
        ArticleFactory(title="No topic", regions=[region], kind=Article.Kind.REPORT)
        response = client.get(
            "/articles/?topic=defence&region=sahel&kind=report&author=amina&year=2024"
        )
        assert titles(response) == ["Match"]
        assert "1 article for" in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        [
            "topic=no-such-topic",
            "region=atlantis",
            "kind=poetry",
            "author=nobody",
            "year=abc",
            "year=99999999999999999999999",
            "year=1066",
            "topic=" + "x" * 5000,
            "topic[]=a&topic=%00",
        ],
    )
    def test_unknown_or_malformed_filters_give_a_clean_empty_result(self, client, query):
        ArticleFactory()
        response = client.get(f"/articles/?{query}")
        assert response.status_code == 200
        assert titles(response) == []
        assert "could not be applied" in response.content.decode()

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", ""])
    def test_bad_page_numbers_still_give_a_page(self, client, page):
        ArticleFactory.create_batch(3)
        # An empty page parameter is first cleaned away by a redirect.
        response = client.get(f"/articles/?page={page}", follow=True)
        assert response.status_code == 200
        assert len(titles(response)) == 3

    def test_paginates_twelve_to_a_page_keeping_filters_in_links(self, client):
        topic = TopicFactory(slug="t")
        ArticleFactory.create_batch(13, topics=[topic])
        first = client.get("/articles/?topic=t")
        assert len(titles(first)) == 12
        assert "?topic=t&amp;page=2" in first.content.decode()
        assert len(titles(client.get("/articles/?topic=t&page=2"))) == 1

    def test_a_very_long_query_string_is_not_an_error(self, client):
        response = client.get("/articles/?" + "&".join(f"q{i}=v" for i in range(900)))
        assert response.status_code in (200, 400)

    def test_query_count_does_not_grow_with_articles_shown(
        self, client, django_assert_max_num_queries
    ):
        topic = TopicFactory()
        people = [PersonFactory(photo=image_file()) for _ in range(2)]
        ArticleFactory.create_batch(2, topics=[topic], authors=people)
        with django_assert_max_num_queries(12):  # 11, and 1 for the pages' menus
            client.get("/articles/?topic=" + topic.slug)
        ArticleFactory.create_batch(10, topics=[topic, TopicFactory()], authors=people)
        with django_assert_max_num_queries(12):  # 11, and 1 for the pages' menus
            client.get("/articles/?topic=" + topic.slug)


def test_article_detail_query_count_is_bounded(client, django_assert_max_num_queries):
    topics = TopicFactory.create_batch(3)
    people = [PersonFactory(photo=image_file()) for _ in range(3)]
    article = ArticleFactory(topics=topics, authors=people, regions=RegionFactory.create_batch(2))
    ArticleFactory.create_batch(5, topics=topics, authors=people)
    other = ArticleFactory(topics=topics, authors=people, regions=article.regions.all())
    # The brief's budget of 10, with the related boxes worked out afresh, 1 for the
    # menus of pages (cached with content: later readers pay nothing), and 1 for each
    # topic and region whose newest articles no page has read yet (5 here).
    with django_assert_max_num_queries(15):
        response = client.get(article.get_absolute_url())
    # Three of the six are "More by" the lead author; the related box repeats none of them.
    assert len(response.context["more_by"]) == 3
    assert len(response.context["related"]) == 3
    # A topic's newest articles are read once for all its articles.
    with django_assert_max_num_queries(10):
        assert client.get(other.get_absolute_url()).context["related"]


class TestDeepPagination:
    def test_pages_keep_the_newest_first_order_across_pages(self, client):
        now = timezone.now()
        for day in range(30):
            ArticleFactory(title=f"Day {day:02d}", published_at=now - timedelta(days=day))
        seen = []
        for page in (1, 2, 3):
            seen += titles(client.get(f"/articles/?page={page}", follow=True))
        assert seen == [f"Day {day:02d}" for day in range(30)]

    def test_the_cached_total_follows_new_publications(
        self, client, django_capture_on_commit_callbacks
    ):
        ArticleFactory.create_batch(12)
        assert client.get("/articles/").context["page_obj"].paginator.num_pages == 1
        with django_capture_on_commit_callbacks(execute=True):
            ArticleFactory()
        assert client.get("/articles/").context["page_obj"].paginator.num_pages == 2

    def test_the_author_filter_is_kept_without_listing_every_expert(self, client):
        author = PersonFactory(slug="amina")
        PersonFactory.create_batch(5)
        ArticleFactory(title="Hers", authors=[author])
        html = client.get("/articles/?author=amina&kind=analysis").content.decode()
        assert '<input type="hidden" name="author" value="amina"' in html
        assert '<select name="author"' not in html


def test_article_pages_show_where_they_sit_in_the_site(client):
    article = ArticleFactory(title="Haftar at GHQ")
    html = client.get(article.get_absolute_url()).content.decode()
    crumbs = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/">Home</a>' in crumbs
    assert '<a href="/articles/">Analysis</a>' in crumbs
    assert '<span aria-current="page">Haftar at GHQ</span>' in crumbs


def test_article_pages_show_more_by_the_lead_author(client):
    lead = PersonFactory(name="Leila Benali")
    article = ArticleFactory(authors=[lead])
    ArticleFactory(title="Her earlier piece", authors=[lead])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "More by Leila Benali" in html
    assert "Her earlier piece" in html


def test_topics_are_listed_by_name_wherever_they_appear(client):
    """The same order on every page and every request, whatever order they were added in."""
    zebra, arms = TopicFactory(name="Zebra crossings"), TopicFactory(name="Arms control")
    article = ArticleFactory(topics=[zebra, arms])
    UpdateFactory(topics=[zebra, arms])
    person = PersonFactory()
    person.expertise.add(zebra)
    person.expertise.add(arms)
    for url in [
        article.get_absolute_url(),
        "/articles/",
        "/updates/",
        "/feeds/articles.rss",
        person.get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        assert html.index("Arms control") < html.index("Zebra crossings"), url
