"""The admin site: Django's, asking for the two-factor code of accounts that use one."""

from django.contrib import admin

from accounts.two_factor import LoginForm, satisfied

from .admin_lists import guarded_admin_class


class ThinktankAdminSite(admin.AdminSite):
    login_form = LoginForm

    def has_permission(self, request):
        return super().has_permission(request) and satisfied(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Here rather than in each ModelAdmin, so third-party admins (axes, django-otp,
        # auth) get the same guard: no filter value makes a list answer 500.
        admin_class = guarded_admin_class(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)
