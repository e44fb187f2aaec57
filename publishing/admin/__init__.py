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
- `panel.py`: `PublishableAdminMixin` (in place of `VersionedAdminMixin` for a `Publishable`):
  the publishing panel, its buttons, and revoking a preview link.
- `notes.py`: the editorial notes thread on a publishable item's form.
- `desk.py`: the list filter behind the admin home's desk (publishing/dashboard.py).
- `publishable.py`: `PublishableRulesMixin`: who may do what, the list's state actions
  and the admin preview, for any publishable model's admin.
"""

from .actions import PublishingActionsMixin
from .deleting import TrashOnDeleteMixin, trash_selected
from .notes import EditorialNoteInline
from .panel import PublishableAdminMixin, badge_html, status_badge
from .previews import PreviewAdminMixin, PreviewLinkInline, save_preview_links
from .publishable import PublishableRulesMixin
from .trash import TrashedItemAdmin, delete_permanently
from .versioned import VersionedAdminMixin

__all__ = [
    "EditorialNoteInline",
    "PreviewAdminMixin",
    "PreviewLinkInline",
    "PublishableAdminMixin",
    "PublishableRulesMixin",
    "PublishingActionsMixin",
    "TrashOnDeleteMixin",
    "TrashedItemAdmin",
    "VersionedAdminMixin",
    "badge_html",
    "delete_permanently",
    "save_preview_links",
    "status_badge",
    "trash_selected",
]
