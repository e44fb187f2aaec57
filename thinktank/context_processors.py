from django.conf import settings


def site(request):
    """The site's name, and the page's canonical address for search engines.

    The canonical address drops every parameter but a page number beyond the
    first; a list narrowed by filters is marked noindex, so each list is
    indexed once.
    """
    page = request.GET.get("page", "")
    canonical = request.build_absolute_uri(request.path)
    if page.isascii() and page.isdigit() and int(page) > 1:
        canonical += f"?page={int(page)}"
    return {
        "site_name": settings.SITE_NAME,
        "canonical_url": canonical,
        "noindex": any(key != "page" for key in request.GET),
    }
