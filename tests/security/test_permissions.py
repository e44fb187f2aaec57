"""Every role against every admin and staff URL: refusals happen on the server."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from articles.models import Article, Update
from people.models import Person
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    SeriesFactory,
    UpdateFactory,
    UserFactory,
)
from tests.helpers.forms import form_data
from tests.helpers.roles import client_for, role_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(staff_user):
    colleague = PersonFactory(name="Colleague", slug="colleague", user=UserFactory())
    article = ArticleFactory(authors=[colleague])
    return {
        "article": article,
        "draft": ArticleFactory(draft=True),
        "series": SeriesFactory(articles=[article]),
        "own_update": UpdateFactory(author=staff_user.person),
        "other_update": UpdateFactory(author=colleague),
        "own_person": staff_user.person,
        "other_person": colleague,
        "user": colleague.user,
    }


# (url, anonymous, staff, editor, superuser): the status each role gets on GET.
# 302 is the redirect to the login page.
MATRIX = [
    ("/admin/", 302, 200, 200, 200),
    ("/admin/articles/article/", 302, 200, 200, 200),
    ("/admin/articles/article/add/", 302, 200, 200, 200),
    ("/admin/articles/article/{article}/change/", 302, 302, 200, 200),
    ("/admin/articles/article/{draft}/history/", 302, 302, 200, 200),
    ("/admin/articles/article/{draft}/preview/", 302, 404, 200, 200),
    ("/admin/audit/auditevent/", 302, 403, 200, 200),
    ("/admin/articles/article/{article}/delete/", 302, 403, 200, 200),
    ("/admin/articles/series/{series}/change/", 302, 403, 200, 200),
    ("/admin/articles/update/{other_update}/change/", 302, 302, 200, 200),
    ("/admin/articles/update/{other_update}/delete/", 302, 302, 200, 200),
    ("/admin/articles/update/{own_update}/change/", 302, 200, 200, 200),
    ("/admin/people/person/{own_person}/change/", 302, 200, 200, 200),
    ("/admin/people/person/{other_person}/change/", 302, 302, 200, 200),
    ("/admin/people/person/{other_person}/delete/", 302, 403, 200, 200),
    ("/admin/auth/user/", 302, 403, 200, 200),
    ("/admin/auth/user/{user}/change/", 302, 403, 200, 200),
    ("/admin/auth/user/{user}/password/", 302, 403, 403, 200),
    ("/admin/auth/group/", 302, 403, 403, 200),
    ("/admin/axes/accessattempt/", 302, 403, 403, 200),
    ("/updates/new/", 302, 200, 403, 403),
    ("/updates/{own_update}/edit/", 302, 200, 200, 200),
    ("/updates/{other_update}/edit/", 302, 403, 200, 200),
    ("/updates/{other_update}/delete/", 302, 403, 200, 200),
]
CASES = role_cases(MATRIX)


@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_each_role_gets_exactly_its_access(request, objects, url, role, expected):
    client = client_for(request, role)
    ids = {name: obj.pk for name, obj in objects.items()}
    status = client.get(url.format(**ids)).status_code
    assert status == expected, f"{role} got {status} on {url}"


def test_staff_cannot_publish_articles_by_posting_the_action(staff_client, objects):
    draft = objects["draft"]
    staff_client.post(
        "/admin/articles/article/",
        {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk], "index": "0"},
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_staff_cannot_bulk_delete_someone_elses_updates(staff_client, objects):
    own, other = objects["own_update"], objects["other_update"]
    staff_client.post(
        "/admin/articles/update/",
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [own.pk, other.pk], "post": "yes"},
    )
    assert Update.objects.filter(pk=other.pk).exists()


def test_staff_cannot_delete_someone_elses_update_by_post(staff_client, objects):
    other = objects["other_update"]
    assert staff_client.post(f"/updates/{other.pk}/delete/").status_code == 403
    assert Update.objects.filter(pk=other.pk).exists()


def test_a_smuggled_author_field_does_not_move_an_update_to_someone_else(staff_client, objects):
    own, colleague = objects["own_update"], objects["other_person"]
    staff_client.post(
        f"/updates/{own.pk}/edit/", {"body": "Edited text.", "author": colleague.pk, "link": ""}
    )
    own.refresh_from_db()
    assert own.body == "Edited text."
    assert own.author == objects["own_person"]


def test_smuggled_editor_only_fields_do_not_change_a_staff_profile(staff_client, objects):
    person = objects["own_person"]
    before = (person.slug, person.is_active, person.sort_order)
    page = staff_client.get(f"/admin/people/person/{person.pk}/change/")
    data = form_data(
        page, role="Fellow", slug="taken-over", is_active="", sort_order="-99", user=""
    )
    assert staff_client.post(f"/admin/people/person/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert person.role == "Fellow"
    assert (person.slug, person.is_active, person.sort_order) == before
    assert person.user is not None


def test_staff_cannot_promote_themselves_through_the_user_admin(staff_client, staff_user):
    response = staff_client.post(
        f"/admin/auth/user/{staff_user.pk}/change/",
        {"username": staff_user.username, "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    staff_user.refresh_from_db()
    assert not staff_user.is_superuser


def test_editors_cannot_grant_themselves_superuser(editor_client, editor):
    response = editor_client.post(
        f"/admin/auth/user/{editor.pk}/change/",
        {"username": editor.username, "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_staff_cannot_delete_a_person_by_post(staff_client, objects):
    other = objects["other_person"]
    staff_client.post(f"/admin/people/person/{other.pk}/delete/", {"post": "yes"})
    assert Person.objects.filter(pk=other.pk).exists()
