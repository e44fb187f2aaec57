"""System checks for how the site is deployed (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.core.files.storage import storages


def site_domains():
    """The domains the site answers on: ALLOWED_HOSTS, and `x.org` for `www.x.org`."""
    domains = set()
    for host in settings.ALLOWED_HOSTS:
        host = host.lower().lstrip(".")  # ".x.org" allows x.org and its subdomains
        if not host or "*" in host:
            continue
        domains.add(host)
        if host.startswith("www."):
            domains.add(host.removeprefix("www."))
    return domains


def media_host():
    """The host uploads are served from, or None when they share the page's origin."""
    return urlsplit(storages["default"].url("uploads/check.png")).hostname


@register(Tags.security, deploy=True)
def check_media_origin(app_configs, **kwargs):
    """Uploads on the site's own origin would run as the site: warn in production."""
    if settings.DEBUG:
        return []
    host = media_host()
    shared = host is None or any(
        host == domain or host.endswith(f".{domain}") for domain in site_domains()
    )
    if not shared:
        return []
    where = "the site's own origin" if host is None else f"{host}, on the site's own domain"
    return [
        Warning(
            f"Uploads are served from {where}.",
            hint=(
                "Serve media from a registrable domain of its own (e.g. thinktank-media.org, "
                "not media.thinktank.org) or from the S3 bucket's own domain: set "
                "DJANGO_MEDIA_URL (or MEDIA_S3_CUSTOM_DOMAIN) to it. A file served from the "
                "site's domain is trusted like the site's own pages and shares its cookies."
            ),
            id="thinktank.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Emails link back with SITE_URL: in production it must be an address the site answers."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and (parts.hostname or "") in site_domains() | set(
        settings.ALLOWED_HOSTS
    ):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in emails would not reach the site.",
            hint="Set SITE_URL to the site's public address, e.g. https://thinktank.example.org "
            "(HTTPS, and a host in DJANGO_ALLOWED_HOSTS).",
            id="thinktank.W002",
        )
    ]
