"""Editing presence: who else has an article's form open.

Each editor opening the change form is noted in the cache for half an hour; the
next one to open it is told who else is in it, so they can agree who saves first.
The form itself refuses to overwrite a newer save (forms.ArticleAdminForm).
"""

import time

from django.contrib import messages
from django.core.cache import cache

EDITING_KEY = "editing:article:{pk}"
EDITING_SECONDS = 30 * 60


class EditingPresenceMixin:
    def _note_editor(self, request, object_id):
        """Record who has the form open, and tell them who else has."""
        key = EDITING_KEY.format(pk=object_id)
        now = time.time()
        editors = {
            user_id: entry
            for user_id, entry in (cache.get(key) or {}).items()
            if now - entry[1] < EDITING_SECONDS
        }
        others = [name for user_id, (name, _) in editors.items() if user_id != request.user.pk]
        editors[request.user.pk] = (
            request.user.get_full_name() or request.user.get_username(),
            now,
        )
        cache.set(key, editors, EDITING_SECONDS)
        if others:
            self.message_user(
                request,
                f"Also editing this article in the last 30 minutes: {', '.join(sorted(others))}. "
                "Whoever saves second is asked to reapply their changes, so agree who goes first.",
                messages.WARNING,
            )
