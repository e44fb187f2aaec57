from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Update
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


class TestPublishedArticles:
    def test_include_published_articles_whose_time_has_passed(self):
        article = ArticleFactory()
        assert list(Article.objects.published()) == [article]

    def test_exclude_drafts(self):
        ArticleFactory(draft=True)
        assert not Article.objects.published().exists()

    def test_exclude_drafts_even_with_a_past_publish_date(self):
        ArticleFactory(status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(1))
        assert not Article.objects.published().exists()

    def test_exclude_future_dated_articles_until_their_time(self):
        article = ArticleFactory(future=True)
        assert not Article.objects.published().exists()
        Article.objects.filter(pk=article.pk).update(
            published_at=timezone.now() - timedelta(seconds=1)
        )
        assert list(Article.objects.published()) == [article]


def test_publishing_without_a_date_stamps_the_current_time():
    article = ArticleFactory(draft=True)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article.is_live


def test_newest_articles_come_first():
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=10))
    new = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    assert list(Article.objects.published()) == [new, old]


def test_an_image_without_alt_text_does_not_validate():
    article = ArticleFactory.build(hero_image=image_file(), hero_alt="  ")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_alt" in error.value.message_dict


def test_table_of_contents_lists_the_section_headings():
    article = ArticleFactory(body="<h2>One</h2><p>x</p><h3>One point one</h3><h2>Two</h2>")
    assert [(h.level, h.id, h.text) for h in article.table_of_contents] == [
        (2, "one", "One"),
        (3, "one-point-one", "One point one"),
        (2, "two", "Two"),
    ]


def test_reading_time_rounds_up_to_whole_minutes():
    assert ArticleFactory(body="<p>" + "word " * 10 + "</p>").reading_time == 1
    assert ArticleFactory(body="<p>" + "word " * 221 + "</p>").reading_time == 2


def test_byline_keeps_the_editors_order():
    first, second = PersonFactory(name="Zed"), PersonFactory(name="Abe")
    article = ArticleFactory(authors=[first, second])
    assert article.byline_people == [first, second]


class TestFilters:
    def test_combine_topic_region_kind_author_and_year(self):
        topic, person = TopicFactory(), PersonFactory()
        match = ArticleFactory(
            topics=[topic],
            authors=[person],
            kind=Article.Kind.REPORT,
            published_at=timezone.now().replace(year=2024),
        )
        ArticleFactory(topics=[topic], authors=[person], kind=Article.Kind.NEWS)
        ArticleFactory(kind=Article.Kind.REPORT)
        found = Article.objects.published().filter_by(
            topic=topic, kind=Article.Kind.REPORT, author=person, year=2024
        )
        assert list(found) == [match]


class TestRelated:
    def test_articles_sharing_more_topics_rank_first_and_the_article_itself_is_excluded(self):
        a, b, c = TopicFactory(), TopicFactory(), TopicFactory()
        article = ArticleFactory(topics=[a, b, c])
        one_shared = ArticleFactory(topics=[a], published_at=timezone.now() - timedelta(hours=1))
        two_shared = ArticleFactory(topics=[a, b], published_at=timezone.now() - timedelta(days=9))
        ArticleFactory(topics=[TopicFactory()])
        assert list(Article.objects.related_to(article)) == [two_shared, one_shared]

    def test_drafts_and_future_articles_are_never_related(self):
        topic = TopicFactory()
        article = ArticleFactory(topics=[topic])
        ArticleFactory(topics=[topic], draft=True)
        ArticleFactory(topics=[topic], future=True)
        assert not Article.objects.related_to(article).exists()

    def test_an_article_without_topics_has_no_related_articles(self):
        ArticleFactory(topics=[TopicFactory()])
        assert not Article.objects.related_to(ArticleFactory()).exists()


class TestUpdates:
    def test_future_updates_are_not_published(self):
        UpdateFactory(future=True)
        live = UpdateFactory()
        assert list(Update.objects.published()) == [live]

    def test_text_longer_than_1000_characters_does_not_validate(self):
        update = UpdateFactory.build(body="x" * 1001, author=PersonFactory())
        with pytest.raises(ValidationError) as error:
            update.full_clean()
        assert "body" in error.value.message_dict

    def test_headline_is_the_first_line_shortened(self):
        assert UpdateFactory.build(body="Short line\nmore").headline == "Short line"
        assert len(UpdateFactory.build(body="y" * 200).headline) == 80

    def test_only_the_author_or_an_update_manager_may_edit(self, staff_user, editor):
        own = UpdateFactory(author=staff_user.person)
        other = UpdateFactory()
        assert own.can_be_edited_by(staff_user)
        assert not other.can_be_edited_by(staff_user)
        assert other.can_be_edited_by(editor)
        assert not own.can_be_edited_by(UserFactory())


class TestRelatedByRegionAndAuthor:
    def test_shared_regions_count_as_well_as_topics(self):
        topic, region = TopicFactory(), RegionFactory()
        article = ArticleFactory(topics=[topic], regions=[region])
        topic_only = ArticleFactory(
            topics=[topic], published_at=timezone.now() - timedelta(hours=1)
        )
        both = ArticleFactory(
            topics=[topic], regions=[region], published_at=timezone.now() - timedelta(days=5)
        )
        region_only = ArticleFactory(
            regions=[region], published_at=timezone.now() - timedelta(days=9)
        )
        assert list(Article.objects.related_to(article)) == [both, topic_only, region_only]

    def test_more_by_the_lead_author_excludes_the_article_and_drafts(self):
        lead = PersonFactory()
        article = ArticleFactory(authors=[lead])
        older = ArticleFactory(authors=[lead], published_at=timezone.now() - timedelta(days=3))
        ArticleFactory(authors=[lead], draft=True)
        ArticleFactory(authors=[PersonFactory()])
        assert list(Article.objects.more_by(article)) == [older]
