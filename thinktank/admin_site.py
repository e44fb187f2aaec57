"""The admin site: Django's, asking for the two-factor code of accounts that use one."""

from django.contrib import admin

from .two_factor import LoginForm, satisfied


class ThinktankAdminSite(admin.AdminSite):
    login_form = LoginForm

    def has_permission(self, request):
        return super().has_permission(request) and satisfied(request)
