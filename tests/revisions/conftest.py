import pytest
from django.test import Client

from tests.helpers.forms import form_data

ARTICLES = "/admin/articles/article/"
PEOPLE = "/admin/people/person/"
TRASH = "/admin/revisions/trasheditem/"


def admin_url(obj, view="change"):
    base = ARTICLES if obj._meta.model_name == "article" else PEOPLE
    return f"{base}{obj.pk}/{view}/"


def history_url(obj):
    return admin_url(obj, "history")


def compare_url(obj, a, b="current"):
    return f"{admin_url(obj, 'history')}compare/?a={a}&b={b}"


def restore_url(obj, revision):
    return f"{admin_url(obj, 'history')}{revision.pk}/restore/"


def edit(client, obj, **changes):
    """Save `obj`'s admin form as a browser would, with `changes`; assert it saved."""
    url = admin_url(obj)
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    return response


@pytest.fixture
def reader():
    """An anonymous visitor: the public page cache applies to them."""
    return Client()
