from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publishing"

    def ready(self):
        from thinktank.cache import content_changed

        from .models import Article, ArticleAuthor, ArticleTopic, Region, Topic, Update, UpdateTopic

        for model in (Article, ArticleAuthor, ArticleTopic, Region, Topic, Update, UpdateTopic):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}-save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}-del")
        for through in (Article.regions.through, ArticleTopic, UpdateTopic):
            m2m_changed.connect(
                content_changed, sender=through, dispatch_uid=f"cache-{through}-m2m"
            )
