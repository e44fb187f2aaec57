"""Staff post short updates from /updates/new/ and manage only their own."""

import pytest
from django.urls import reverse

from articles.models import Update
from tests.helpers.factories import TopicFactory, UpdateFactory, UserFactory, image_file

pytestmark = pytest.mark.django_db

NEW = reverse("articles:update-create")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(NEW, {"body": "Hello"}).status_code == 302
    assert not Update.objects.exists()


def test_a_logged_in_user_without_permission_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(NEW).status_code == 403


def test_a_staff_account_without_a_profile_is_told_what_to_do(client):
    client.force_login(UserFactory(groups=["Staff"]))
    response = client.get(NEW)
    assert response.status_code == 403
    assert "Ask an editor to link your account" in response.content.decode()


def test_staff_post_an_update_under_their_own_name(staff_client, staff_user):
    topic = TopicFactory()
    response = staff_client.post(
        NEW,
        {
            "body": "Our fellow testified before the committee. See https://example.org/x",
            "link": "https://example.org/report",
            "topics": [topic.pk],
        },
    )
    update = Update.objects.get()
    assert response.status_code == 302
    assert response["Location"] == update.get_absolute_url()
    assert update.author == staff_user.person
    assert list(update.topics.all()) == [topic]
    page = staff_client.get(update.get_absolute_url()).content.decode()
    assert '<a href="https://example.org/x" rel="nofollow">' in page
    assert "Your update is published." in page


def test_the_author_field_cannot_be_forged(staff_client, staff_user):
    other = UpdateFactory().author
    staff_client.post(NEW, {"body": "Mine", "author": other.pk})
    assert Update.objects.get(body="Mine").author == staff_user.person


def test_more_than_1000_characters_is_a_form_error(staff_client):
    response = staff_client.post(NEW, {"body": "x" * 1001})
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()
    assert not Update.objects.exists()


def test_a_non_image_upload_is_a_form_error(staff_client):
    response = staff_client.post(
        NEW,
        {"body": "With a picture", "image": image_file(), "image_alt": "x"}
        | {"image": _fake_image()},
    )
    assert response.status_code == 200
    assert "not a JPEG, PNG, WebP or GIF image" in response.content.decode()
    assert not Update.objects.exists()


def test_an_image_needs_alt_text(staff_client):
    response = staff_client.post(NEW, {"body": "With a picture", "image": image_file()})
    assert "Describe the image" in response.content.decode()
    assert not Update.objects.exists()


def test_an_image_with_alt_text_is_published(staff_client):
    staff_client.post(
        NEW, {"body": "Picture", "image": image_file(size=(40, 30)), "image_alt": "A hearing"}
    )
    update = Update.objects.get()
    assert (update.image_width, update.image_height) == (40, 30)
    assert 'alt="A hearing"' in staff_client.get("/updates/").content.decode()


def test_update_text_is_escaped_and_only_real_links_are_clickable(client):
    update = UpdateFactory(body='<script>alert(1)</script> javascript:alert(1) "quoted"')
    html = client.get(update.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript' not in html


class TestEditingAndDeleting:
    def test_staff_edit_their_own_update(self, staff_client, staff_user):
        update = UpdateFactory(author=staff_user.person, body="Before")
        url = reverse("articles:update-edit", args=[update.pk])
        assert staff_client.get(url).status_code == 200
        staff_client.post(url, {"body": "After"})
        update.refresh_from_db()
        assert update.body == "After"

    def test_staff_cannot_edit_or_delete_someone_elses_update(self, staff_client):
        update = UpdateFactory(body="Not yours")
        edit = reverse("articles:update-edit", args=[update.pk])
        delete = reverse("articles:update-delete", args=[update.pk])
        assert staff_client.get(edit).status_code == 403
        assert staff_client.post(edit, {"body": "Hijacked"}).status_code == 403
        assert staff_client.post(delete).status_code == 403
        update.refresh_from_db()
        assert update.body == "Not yours"

    def test_staff_delete_their_own_update_after_confirming(self, staff_client, staff_user):
        update = UpdateFactory(author=staff_user.person)
        url = reverse("articles:update-delete", args=[update.pk])
        assert "Delete this update?" in staff_client.get(url).content.decode()
        assert Update.objects.filter(pk=update.pk).exists()
        response = staff_client.post(url)
        assert response["Location"] == reverse("articles:update-list")
        assert not Update.objects.filter(pk=update.pk).exists()

    def test_editors_may_edit_anyones_update(self, editor_client):
        update = UpdateFactory(body="Before")
        editor_client.post(reverse("articles:update-edit", args=[update.pk]), {"body": "Fixed"})
        update.refresh_from_db()
        assert update.body == "Fixed"

    def test_edit_links_show_only_to_those_who_may_edit(self, client, staff_user):
        update = UpdateFactory(author=staff_user.person)
        edit = reverse("articles:update-edit", args=[update.pk])
        assert edit not in client.get(update.get_absolute_url()).content.decode()
        client.force_login(staff_user)
        assert edit in client.get(update.get_absolute_url()).content.decode()

    def test_unknown_update_is_404(self, staff_client):
        assert staff_client.get("/updates/999999/edit/").status_code == 404
        assert staff_client.get("/updates/999999/").status_code == 404


class TestPublicPages:
    def test_feed_lists_live_updates_newest_first_and_paginates(self, client):
        UpdateFactory.create_batch(13)
        UpdateFactory(body="Scheduled news", future=True)
        response = client.get("/updates/")
        assert len(response.context["page_obj"].object_list) == 12
        assert "Scheduled news" not in response.content.decode()
        assert client.get("/updates/?page=2").status_code == 200

    def test_future_update_is_404(self, client):
        assert client.get(UpdateFactory(future=True).get_absolute_url()).status_code == 404

    def test_feed_query_count_is_bounded(self, client, django_assert_max_num_queries):
        topic = TopicFactory()
        UpdateFactory.create_batch(3, topics=[topic])
        # 5, and 1 for the menus of pages (pages.context_processors), cached with content.
        with django_assert_max_num_queries(6):
            client.get("/updates/")
        UpdateFactory.create_batch(9, topics=[topic])
        with django_assert_max_num_queries(6):
            client.get("/updates/")


def _fake_image():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")


def test_staff_who_may_edit_but_not_delete_cannot_delete(client, staff_user):
    from django.contrib.auth.models import Permission

    update = UpdateFactory(author=staff_user.person)
    staff_user.groups.clear()
    staff_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_update", "change_update"])
    )
    client.force_login(staff_user)
    assert client.post(reverse("articles:update-delete", args=[update.pk])).status_code == 403
    assert Update.objects.filter(pk=update.pk).exists()
