from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publishing"

    def ready(self):
        from seo.metadata import register_structured_data

        from . import hubs, structured_data

        register_structured_data("article", structured_data.article)
        self._register_publishing()
        hubs.register()  # what topic, region and person pages list of ours
        self._register_revisions()
        self._register_page_cache()
        self._register_search()
        self._register_doors()

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

    def _register_page_cache(self):
        from core.cache import register_scheduled_moments, retire_pages_on_changes_to

        from . import models, schedule

        retire_pages_on_changes_to(
            models.Article,
            models.ArticleAuthor,  # also Article.authors' through model
            models.ArticleTopic,
            models.Article.regions.through,
            models.Correction,
            models.Series,
            models.SeriesEntry,
            models.Update,
            models.UpdateTopic,
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
