from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from core.cache import register_scheduled_moments, retire_pages_on_changes_to
        from publishing import doors
        from publishing.registry import register_preview
        from revisions import snapshots

        from .doors import DOORS
        from .models import Page
        from .search import register_search
        from .snapshots import PageSnapshot
        from .views import render_preview

        register_preview(Page, render_preview)
        snapshots.register(PageSnapshot())
        snapshots.explain_protection(
            Page, Page, "Move its sub-pages under another page, or delete them, first."
        )
        retire_pages_on_changes_to(Page)
        # Pages scheduled or expiring change the menus on every page: the cache must know.
        register_scheduled_moments(Page.objects.scheduled_moments)
        register_search()
        doors.register(Page, DOORS)
