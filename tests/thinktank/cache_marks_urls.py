"""One view for each combination of the page cache's mark and the transaction opt-out."""

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path

from core.cache import cacheable


def transaction_depth():
    """A fresh view whose page says how many transactions it ran inside."""

    def view(request):
        return HttpResponse(str(len(connection.atomic_blocks)), content_type="text/plain")

    return view


urlpatterns = [
    path("both/", transaction.non_atomic_requests(cacheable(transaction_depth()))),
    path("cacheable/", cacheable(transaction_depth())),
    path("non-atomic/", transaction.non_atomic_requests(transaction_depth())),
    path("neither/", transaction_depth()),
]
