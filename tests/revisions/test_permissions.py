"""Every role against every history, compare, restore and trash URL: refusals on the server."""

import pytest

from revisions.models import Revision, TrashedItem
from tests.helpers.factories import ArticleFactory, PersonFactory, UserFactory
from tests.helpers.roles import client_for, role_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(staff_user):
    colleague = PersonFactory(name="Colleague", slug="colleague", user=UserFactory())
    article = ArticleFactory(authors=[colleague])
    trashed = ArticleFactory(title="In the trash")
    own, other = staff_user.person, colleague
    revisions = {
        name: Revision.objects.snapshot(obj, None, "Saved")
        for name, obj in {"article": article, "own": own, "other": other}.items()
    }
    ids = {
        "article": article.pk,
        "own": own.pk,
        "other": other.pk,
        "article_rev": revisions["article"].pk,
        "own_rev": revisions["own"].pk,
        "other_rev": revisions["other"].pk,
        "item": TrashedItem.objects.trash(trashed, None).pk,
    }
    return ids


ARTICLE = "/admin/articles/article/{article}"
OWN = "/admin/people/person/{own}"
OTHER = "/admin/people/person/{other}"
TRASH = "/admin/revisions/trasheditem/"

# (url, anonymous, staff, editor, superuser): the status each role gets on GET.
# 302 for anonymous is the login page; for staff, "no such item" (not theirs to see).
MATRIX = [
    (f"{ARTICLE}/history/", 302, 302, 200, 200),
    (f"{ARTICLE}/history/compare/?a={{article_rev}}&b=current", 302, 302, 200, 200),
    (f"{ARTICLE}/history/{{article_rev}}/restore/", 302, 302, 200, 200),
    (f"{OWN}/history/", 302, 200, 200, 200),
    (f"{OWN}/history/compare/?a={{own_rev}}", 302, 200, 200, 200),
    (f"{OWN}/history/{{own_rev}}/restore/", 302, 200, 200, 200),
    (f"{OTHER}/history/", 302, 302, 200, 200),
    (f"{OTHER}/history/compare/?a={{other_rev}}", 302, 302, 200, 200),
    (f"{OTHER}/history/{{other_rev}}/restore/", 302, 302, 200, 200),
    # Revisions of one object are not reachable through another.
    (f"{OWN}/history/compare/?a={{other_rev}}", 302, 404, 404, 404),
    (f"{OWN}/history/{{other_rev}}/restore/", 302, 404, 404, 404),
    (TRASH, 302, 403, 200, 200),
    (f"{TRASH}{{item}}/change/", 302, 403, 200, 200),
    (f"{TRASH}{{item}}/restore/", 302, 403, 405, 405),
    (f"{TRASH}{{item}}/delete/", 302, 403, 200, 200),
    (f"{TRASH}add/", 302, 403, 403, 403),
]
CASES = role_cases(MATRIX)


@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_each_role_gets_exactly_its_access(request, objects, url, role, expected):
    client = client_for(request, role)
    status = client.get(url.format(**objects)).status_code
    assert status == expected, f"{role} got {status} on {url}"


@pytest.mark.parametrize(
    "url",
    [
        f"{ARTICLE}/history/{{article_rev}}/restore/",
        f"{OTHER}/history/{{other_rev}}/restore/",
        f"{TRASH}{{item}}/restore/",
    ],
)
def test_staff_posts_change_nothing(staff_client, objects, url):
    before = (Revision.objects.count(), TrashedItem.objects.count())
    response = staff_client.post(url.format(**objects))
    assert response.status_code in (302, 403)
    assert (Revision.objects.count(), TrashedItem.objects.count()) == before
