"""What a revision of a page holds (see revisions/snapshots.py); registered in PagesConfig."""

from revisions.snapshots import Snapshot

from .models import Page


class PageSnapshot(Snapshot):
    model = Page
    state_fields = ("status", "published_at", "expires_at")
    text_fields = ("title", "slug", "summary")
    html_fields = ("body",)
