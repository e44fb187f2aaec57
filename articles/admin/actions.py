"""Moving articles between states from the list page: the publishing core's actions."""

from publishing.admin import PublishingActionsMixin


class ArticleActionsMixin(PublishingActionsMixin):
    pass
