"""The pages' one pattern: every address at the root no other pattern answered.

Included LAST in the root URLconf; an address with no live page raises Http404.
"""

from django.urls import re_path

from . import views

app_name = "pages"

urlpatterns = [
    re_path(
        r"^(?P<path>[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+){0,4})/$", views.page_detail, name="detail"
    ),
]
