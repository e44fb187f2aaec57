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
from .images import BODY_IMAGE_RENDITIONS, ArticleImage
from .series import Series, SeriesEntry, SeriesQuerySet
from .updates import UPDATE_MAX_LENGTH, UPDATE_RENDITIONS, Update, UpdateQuerySet, UpdateTopic

__all__ = [
    "BODY_IMAGE_RENDITIONS",
    "BYLINE_PERSON_FIELDS",
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
    "Series",
    "SeriesEntry",
    "SeriesQuerySet",
    "Update",
    "UpdateQuerySet",
    "UpdateTopic",
    "published_q",
]
