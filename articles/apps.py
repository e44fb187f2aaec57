from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publishing"

    def ready(self):
        from seo.metadata import register_structured_data

        from . import hubs, structured_data

        register_structured_data("article", structured_data.article)
        self._register_publishing()
        self._register_desk()
        hubs.register()  # what topic, region and person pages list of ours
        self._register_revisions()
        self._register_page_cache()
        self._register_search()
        self._register_doors()
        self._register_redirects()

    def _register_revisions(self):
        from people.models import Person
        from revisions import snapshots as revisions

        from . import models
        from .snapshots import ArticleSnapshot, UpdateSnapshot

        # Revisions and the trash; a trashed byline's people come back before its article.
        revisions.register(ArticleSnapshot(), restore_after=[Person])
        revisions.register(UpdateSnapshot(), restore_after=[Person])
        revisions.explain_protection(
            Person, models.ArticleAuthor, "Take them off these bylines first."
        )
        revisions.explain_protection(
            Person, models.Update, "Give these updates another author, or delete them, first."
        )

    def _register_publishing(self):
        from publishing.registry import register_preview

        from .models import Article
        from .views import render_preview

        register_preview(Article, render_preview)

    def _register_desk(self):
        from django.db.models import Exists, OuterRef, Q

        from publishing import dashboard

        from .models import Article, ArticleAuthor, ArticleTopic

        def mine(user):
            return Q(
                Exists(ArticleAuthor.objects.filter(article=OuterRef("pk"), person__user=user))
            )

        # The admin home's lists; the checks are what an editor fixes once it is published.
        dashboard.register(
            Article,
            mine=mine,
            fields=["title"],
            checks=[
                dashboard.Check("no summary", Q(summary="")),
                dashboard.Check("image without alt text", ~Q(hero_image="") & Q(hero_alt="")),
                dashboard.Check(
                    "no topic", ~Exists(ArticleTopic.objects.filter(content_object=OuterRef("pk")))
                ),
            ],
        )

    def _register_page_cache(self):
        from core.cache import (
            SCHEDULE,
            filed_under,
            members_tag,
            register_scheduled_moments,
            watch,
        )
        from publishing import cachetags
        from taxonomy.models import Topic

        from . import models, schedule

        # What each write touches, in cache tags (publishing/cachetags.py): the workflow
        # declares its own changes; these catch writes made around it.
        cachetags.watch(models.Article)
        cachetags.watch_relation(models.ArticleAuthor, "article", "person", members=True)
        cachetags.watch_relation(models.ArticleTopic, "content_object", "tag", members=True)
        cachetags.watch_relation(models.Article.regions.through, "article", "region", members=True)
        # A series with its first published part joins the list of series.
        cachetags.watch_relation(models.SeriesEntry, "article", "series", also=["list:series"])
        watch(models.Correction, lambda correction: {f"article:{correction.article_id}"})
        watch(models.FrontPage, lambda front_page: {"home"})
        watch(models.FrontPageSlot, lambda slot: {"home"})
        watch(models.Series, lambda series: {f"series:{series.pk}", "list:series"})
        watch(
            models.Update,
            # A scheduled update moves the schedule the cache keeps (core/cache/schedule.py).
            lambda update: {*update.cache_tags(), SCHEDULE},
        )
        watch(
            models.UpdateTopic,
            lambda row: {f"update:{row.content_object_id}", members_tag("topic", row.tag_id)},
            related=filed_under(Topic),
        )
        # Scheduled articles and updates go public with no write: the cache must know when.
        register_scheduled_moments(schedule.scheduled_moments)

    def _register_search(self):
        from search import registry as search
        from search.registry import BODY, SUBTITLE, TITLE, Column

        from . import models

        # What /search/ finds. A change here needs a migration (see search/schema.py).
        search.register(
            "article",
            models.Article,
            columns=[
                Column("title", TITLE, weight="A"),
                Column("summary", SUBTITLE, weight="B"),
                Column("body", BODY, weight="C", html=True),
            ],
            snippet=["summary", "body"],
            date_field="published_at",
        )
        search.register(
            "update",
            models.Update,
            columns=[Column("body", BODY)],
            snippet=["body"],
            date_field="published_at",
        )

    def _register_doors(self):
        from publishing import doors

        from . import models
        from .doors import DOORS

        # Where readers see articles: the publishing contract test checks each door.
        doors.register(models.Article, DOORS)

    def _register_redirects(self):
        from django.urls import reverse

        from people.models import Person
        from redirects import registry as redirects
        from taxonomy.models import Region, Topic

        from . import models

        # A published article's or a series' old address answers 301 with its new one
        # (and so do the article's PDF and citations, which are under its address).
        redirects.register(models.Article)
        redirects.register(models.Series)

        # The topic, region and person feeds are ours: they move with their slugs too.
        def feeds(name):
            def addresses(item):
                slug = {"slug": item.slug}
                return [reverse(name, kwargs=slug), reverse(f"{name}-atom", kwargs=slug)]

            return addresses

        redirects.register_addresses(Topic, feeds("feed-topic"))
        redirects.register_addresses(Region, feeds("feed-region"))
        redirects.register_addresses(Person, feeds("feed-person"))
