from django.core.paginator import Paginator

DEFAULT_PER_PAGE = 12


def paginate(request, queryset, per_page=DEFAULT_PER_PAGE):
    """The requested page of `queryset`; a bad or out-of-range `page` gives a real page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
