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
- `previews.py`: the preview page and preview links on a publishable item's form.
- `actions.py`: the list page's submit, publish, unpublish and archive actions.
"""

from .actions import PublishingActionsMixin
from .deleting import TrashOnDeleteMixin, trash_selected
from .previews import PreviewAdminMixin, PreviewLinkInline, save_preview_links
from .trash import TrashedItemAdmin, delete_permanently
from .versioned import VersionedAdminMixin

__all__ = [
    "PreviewAdminMixin",
    "PreviewLinkInline",
    "PublishingActionsMixin",
    "TrashOnDeleteMixin",
    "TrashedItemAdmin",
    "VersionedAdminMixin",
    "delete_permanently",
    "save_preview_links",
    "trash_selected",
]
