"""Open redirects, CSRF and GET safety on every state-changing view."""

import pytest
from django.test import Client

from articles.models import Update
from tests.helpers.factories import ArticleFactory, UpdateFactory

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "http://testserver@evil.example/",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
@pytest.mark.parametrize("door", ["/accounts/login/", "/admin/login/"])
def test_logging_in_never_redirects_off_site(client, editor, password, door, target):
    response = client.post(
        f"{door}?next={target}",
        {"username": "editor", "password": password, "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_logging_out_never_redirects_off_site(editor_client, target):
    response = editor_client.post("/accounts/logout/", {"next": target})
    assert response.status_code == 302
    assert response["Location"].startswith("/") and "evil" not in response["Location"]


@pytest.fixture
def csrf_client(db):
    return Client(enforce_csrf_checks=True)


def test_logging_in_needs_a_csrf_token(csrf_client, editor, password):
    response = csrf_client.post("/accounts/login/", {"username": "editor", "password": password})
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def staff_csrf_client(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    return client


def test_posting_an_update_needs_a_csrf_token(staff_user):
    client = staff_csrf_client(staff_user)
    assert client.post("/updates/new/", {"body": "Forged."}).status_code == 403
    assert not Update.objects.exists()


def test_editing_and_deleting_an_update_need_a_csrf_token(staff_user):
    update = UpdateFactory(author=staff_user.person, body="Original.")
    client = staff_csrf_client(staff_user)
    assert client.post(f"/updates/{update.pk}/edit/", {"body": "Forged."}).status_code == 403
    assert client.post(f"/updates/{update.pk}/delete/").status_code == 403
    update.refresh_from_db()
    assert update.body == "Original."


def test_logging_out_needs_a_csrf_token_and_a_post(staff_user):
    client = staff_csrf_client(staff_user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 403
    assert "_auth_user_id" in client.session


def test_admin_changes_and_actions_need_a_csrf_token(editor):
    article = ArticleFactory(draft=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [article.pk], "index": "0"},
    )
    assert response.status_code == 403
    assert (
        client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    article.refresh_from_db()
    assert article.status == "draft"


def test_opening_the_delete_page_deletes_nothing(staff_client, staff_user):
    update = UpdateFactory(author=staff_user.person)
    assert staff_client.get(f"/updates/{update.pk}/delete/").status_code == 200
    assert Update.objects.filter(pk=update.pk).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_change_nothing(staff_client, staff_user, method):
    update = UpdateFactory(author=staff_user.person)
    response = getattr(staff_client, method)(f"/updates/{update.pk}/delete/")
    assert response.status_code == 405
    assert Update.objects.filter(pk=update.pk).exists()


def test_a_request_with_too_many_fields_is_a_400_not_a_500(client):
    data = "&".join(f"f{n}=1" for n in range(3000))
    response = client.post(
        "/accounts/login/", data=data, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_a_malformed_content_length_is_a_400(client):
    assert client.post("/accounts/login/", CONTENT_LENGTH="lots").status_code == 400


@pytest.mark.parametrize(
    "url",
    # Under the 1,000-field limit; past it is a 400 (tests/security/test_form_field_limit.py).
    ["/articles/?" + "topic=x&" * 999, "/search/?q=" + "a" * 10_000, "/?page=" + "9" * 500],
)
def test_huge_query_strings_get_a_page(client, url):
    assert client.get(url).status_code == 200
