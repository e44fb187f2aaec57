"""The admin site: Django's, asking for the two-factor code of accounts that use one."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.urls import re_path

from accounts.two_factor import LoginForm, satisfied
from publishing import dashboard

from .admin_groups import grouped
from .admin_lists import guarded_admin_class

# Admin pages that moved with their model to another app: {old address: new address},
# relative to the admin's root. Bookmarks and links in old emails still land.
MOVED = {
    "articles/topic/": "taxonomy/topic/",  # topics and regions left articles (issue 11)
    "articles/region/": "taxonomy/region/",
}


def _moved(old, new):
    def redirect(request, rest):
        # The request's own (encoded) path and query string, with only the prefix changed.
        path = request.get_full_path()
        cut = path.index(old)
        return HttpResponsePermanentRedirect(path[:cut] + new + path[cut + len(old) :])

    return redirect


class ThinktankAdminSite(admin.AdminSite):
    login_form = LoginForm

    def has_permission(self, request):
        return super().has_permission(request) and satisfied(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Here rather than in each ModelAdmin, so third-party admins (axes, django-otp,
        # auth) get the same guard: no filter value makes a list answer 500.
        admin_class = guarded_admin_class(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

    def get_app_list(self, request, app_label=None):
        # An app's own page (/admin/articles/) still lists that app alone.
        app_list = super().get_app_list(request, app_label)
        return app_list if app_label else grouped(app_list)

    def index(self, request, extra_context=None):
        # The editors' desk above the sections: drafts, review, schedule, what to fix.
        desk = dashboard.build(request, self)
        return super().index(request, {"desk": desk, **(extra_context or {})})

    def get_urls(self):
        moved = [re_path(rf"^{old}(?P<rest>.*)$", _moved(old, new)) for old, new in MOVED.items()]
        return moved + super().get_urls()
