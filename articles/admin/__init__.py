"""The articles app's admin, one module per concern.

Importing the package registers every admin. `ArticleAdmin` (articles.py) is put
together from its form (forms.py), its list page and bulk actions (lists.py,
actions.py), editing presence (presence.py) and autosave (autosave.py).
"""

from .articles import ArticleAdmin
from .filters import AuthorFilter, MineFilter, UpdateAuthorFilter
from .frontpage import FrontPageAdmin
from .series import SeriesAdmin
from .updates import UpdateAdmin

__all__ = [
    "ArticleAdmin",
    "AuthorFilter",
    "FrontPageAdmin",
    "MineFilter",
    "SeriesAdmin",
    "UpdateAdmin",
    "UpdateAuthorFilter",
]
