from functools import cached_property

from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject

from core.cache import cached_for_content

DEFAULT_PER_PAGE = 12


class ContentPaginator(Paginator):
    """A paginator that stays fast deep into an archive of 100,000 items.

    The total is cached until the list changes (`count_key` names it), and
    a page is read in two steps: its ids first, which the list index answers
    alone however deep the page, then just those rows with their prefetches.
    """

    def __init__(self, object_list, per_page, count_key=None, count_tags=()):
        super().__init__(object_list, per_page)
        self.count_key, self.count_tags = count_key, count_tags

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        return cached_for_content(
            f"count:{self.count_key}",
            lambda: Paginator.count.func(self),
            tags=self.count_tags,
            local=True,  # a number: this process may keep it too
        )

    def page(self, number):
        """The page; its rows are read when first shown, so a page whose list comes from a
        cached fragment reads only its (cached) total."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page

        def rows():
            ids = list(
                self.object_list.prefetch_related(None).values_list("pk", flat=True)[
                    bottom : bottom + self.per_page
                ]
            )
            rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids)}
            return [rows[pk] for pk in ids if pk in rows]

        return self._get_page(SimpleLazyObject(rows), number, self)


def paginate(request, queryset, per_page=DEFAULT_PER_PAGE, count_key=None, count_tags=()):
    """The requested page of `queryset`; a bad or out-of-range `page` gives a real page.

    With `count_key`, the total is cached until one of `count_tags` (the lists it counts)
    changes."""
    paginator = ContentPaginator(queryset, per_page, count_key, count_tags)
    return paginator.get_page(request.GET.get("page"))
