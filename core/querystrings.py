"""Clean list addresses: a GET form submits every field, the empty ones too."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect

# A query string this long is not a reader's filter; leave it to the view's own checks.
MAX_PARAMETERS = 50


def without_empty_parameters(request, defaults=()):
    """A permanent redirect to the same list without empty parameters, or None if clean.

    `defaults` are (name, value) pairs that say nothing (e.g. page=1, sort=newest), so
    one list has one address however its form was submitted.
    """
    items = list(request.GET.lists())
    if len(items) > MAX_PARAMETERS:
        return None
    defaults = set(defaults)
    kept = [
        (name, value)
        for name, values in items
        for value in values
        if value.strip() and (name, value) not in defaults
    ]
    if len(kept) == sum(len(values) for _name, values in items):
        return None
    query = urlencode(kept)
    return HttpResponsePermanentRedirect(f"{request.path}?{query}" if query else request.path)
