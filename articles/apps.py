from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publishing"

    def ready(self):
        from django.db.models.signals import post_migrate

        from seo.metadata import register_structured_data
        from thinktank import search_index
        from thinktank.cache import retire_pages_on_changes_to

        # Once per `migrate`, after every app's migrations have run.
        post_migrate.connect(search_index.repair_after_migrate, sender=self)

        from . import models, structured_data

        register_structured_data("article", structured_data.article)

        retire_pages_on_changes_to(
            models.Article,
            models.ArticleAuthor,  # also Article.authors' through model
            models.ArticleTopic,
            models.Article.regions.through,
            models.Correction,
            models.Region,
            models.Series,
            models.SeriesEntry,
            models.Topic,
            models.Update,
            models.UpdateTopic,
        )
