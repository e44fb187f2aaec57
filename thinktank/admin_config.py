from django.contrib.admin.apps import AdminConfig


class ThinktankAdminConfig(AdminConfig):
    """Installed in place of django.contrib.admin: the same admin, on the site in
    thinktank/admin_site.py (kept apart: app configs load before models may)."""

    default_site = "thinktank.admin_site.ThinktankAdminSite"
