from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from django.db.models import Q

        from core.cache import register_scheduled_moments
        from publishing import cachetags, dashboard, doors
        from publishing.registry import register_preview
        from redirects import registry as redirects
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
        cachetags.watch(Page)
        # Pages scheduled or expiring change the menus on every page: the cache must know.
        register_scheduled_moments(Page.objects.scheduled_moments)
        register_search()
        doors.register(Page, DOORS)
        # A page moved (new slug or parent) answers 301 at its old address, sub-pages too.
        redirects.register(Page, fields=("slug", "parent"))
        # The admin home's lists: a page is a contributor's own if they created it.
        dashboard.register(
            Page,
            mine=lambda user: Q(created_by=user),
            fields=["title"],
            checks=[
                dashboard.Check("no summary", Q(summary="")),
                dashboard.Check("image without alt text", ~Q(hero_image="") & Q(hero_alt="")),
            ],
        )
