from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publishing"

    def ready(self):
        from thinktank.cache import retire_pages_on_changes_to

        from .models import Article, ArticleAuthor, ArticleTopic, Region, Topic, Update, UpdateTopic

        retire_pages_on_changes_to(
            Article,
            ArticleAuthor,  # also Article.authors' through model
            ArticleTopic,
            Article.regions.through,
            Region,
            Topic,
            Update,
            UpdateTopic,
        )
