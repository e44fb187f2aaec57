"""Revision history, comparison, restore and the trash, in the admin.

`VersionedAdminMixin` goes first in the bases of the admin of a model with a
registered snapshot (`snapshots.register`): `class ArticleAdmin(VersionedAdminMixin, …)`.
Every page it adds checks the object's own admin permissions on the server:
seeing history needs view (or change) permission on that object, restoring
needs change permission, and restoring changes only what the editor could
change in the form.

- `versioned.py`: a revision on every save; the history, compare and restore pages.
- `deleting.py`: deleting moves to the trash; what stops a deletion, and what to do.
- `trash.py`: the trash itself (registered here), restoring and deleting for good.
- `previews.py`: preview links on a publishable item's form.
- `publishable.py`: who may do what, the state actions and the preview, for any
  publishable model's admin.
"""

from .deleting import TrashOnDeleteMixin, trash_selected
from .previews import PreviewLinkInline, save_preview_links
from .publishable import PublishableAdminMixin
from .trash import TrashedItemAdmin, delete_permanently
from .versioned import VersionedAdminMixin

__all__ = [
    "PreviewLinkInline",
    "PublishableAdminMixin",
    "TrashOnDeleteMixin",
    "TrashedItemAdmin",
    "VersionedAdminMixin",
    "delete_permanently",
    "save_preview_links",
    "trash_selected",
]
