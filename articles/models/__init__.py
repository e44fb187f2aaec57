"""The articles app's models, one module per concern.

Everything is importable from here (`from articles.models import Article`), and
importing this package is what makes Django find them all.
"""

from .articles import (
    BYLINE_PERSON_FIELDS,
    HERO_RENDITIONS,
    RELATED_CANDIDATES,
    WORDS_PER_MINUTE,
    Article,
    ArticleAuthor,
    ArticleQuerySet,
    ArticleTopic,
    published_q,
)
from .autosave import ArticleAutosave
from .corrections import Correction
from .frontpage import FRONT_PAGE_SLOTS, FrontPage, FrontPageSlot, front_page_stories
from .images import BODY_IMAGE_RENDITIONS, ArticleImage
from .series import Series, SeriesEntry, SeriesQuerySet
from .updates import UPDATE_MAX_LENGTH, UPDATE_RENDITIONS, Update, UpdateQuerySet, UpdateTopic

__all__ = [
    "BODY_IMAGE_RENDITIONS",
    "BYLINE_PERSON_FIELDS",
    "FRONT_PAGE_SLOTS",
    "HERO_RENDITIONS",
    "RELATED_CANDIDATES",
    "UPDATE_MAX_LENGTH",
    "UPDATE_RENDITIONS",
    "WORDS_PER_MINUTE",
    "Article",
    "ArticleAuthor",
    "ArticleAutosave",
    "ArticleImage",
    "ArticleQuerySet",
    "ArticleTopic",
    "Correction",
    "FrontPage",
    "FrontPageSlot",
    "Series",
    "SeriesEntry",
    "SeriesQuerySet",
    "Update",
    "UpdateQuerySet",
    "UpdateTopic",
    "front_page_stories",
    "published_q",
]
