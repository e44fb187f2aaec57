from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publishing"

    def ready(self):
        from thinktank.cache import retire_pages_on_changes_to

        from . import models

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
