"""The articles app's admin, one module per concern.

Importing the package registers every admin. `ArticleAdmin` (articles.py) is put
together from its form (forms.py), its list page and bulk actions (lists.py,
actions.py), editing presence (presence.py) and autosave (autosave.py).
"""

from django.contrib import admin
from taggit.models import Tag

from .articles import ArticleAdmin
from .filters import RECORD_FIELDSET, AuthorFilter, MineFilter, TopicFilter, UpdateAuthorFilter
from .series import SeriesAdmin
from .taxonomy import RegionAdmin, TopicAdmin
from .updates import UpdateAdmin

# Topics replace taggit's generic tags; hide its unused model from editors.
admin.site.unregister(Tag)

__all__ = [
    "RECORD_FIELDSET",
    "ArticleAdmin",
    "AuthorFilter",
    "MineFilter",
    "RegionAdmin",
    "SeriesAdmin",
    "TopicAdmin",
    "TopicFilter",
    "UpdateAdmin",
    "UpdateAuthorFilter",
]
