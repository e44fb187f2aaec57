"""The Redirects screen: list and search, add by hand, import a CSV file, delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redirects.models import Redirect
from tests.helpers.factories import image_file

pytestmark = pytest.mark.django_db

REDIRECTS = "/admin/redirects/redirect/"
IMPORT = f"{REDIRECTS}import/"


def csv_file(text, name="redirects.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def upload(client, file):
    return client.post(IMPORT, {"file": file}, follow=True)


def test_editors_list_and_search_redirects(editor_client):
    Redirect.objects.point("/articles/old/", "/articles/new/", source="by_hand")
    Redirect.objects.point("/people/someone/", "/people/else/", source="by_hand")

    response = editor_client.get(REDIRECTS, {"q": "articles/old"})

    assert response.status_code == 200
    assert [r.old_path for r in response.context["cl"].result_list] == ["/articles/old/"]
    assert f'href="{IMPORT}"' in response.content.decode()


def test_an_editor_adds_a_redirect_by_hand(editor_client, client):
    response = editor_client.post(
        f"{REDIRECTS}add/",
        {"old_path": "/old-report/", "new_path": "/articles/", "_save": "Save"},
        follow=True,
    )

    assert response.status_code == 200
    assert Redirect.objects.get().source == Redirect.Source.BY_HAND
    assert client.get("/old-report/")["Location"] == "/articles/"


@pytest.mark.parametrize(
    ("new_path", "words"),
    [("https://evil.example/", "Addresses on other sites are not allowed"), ("/b/", "loop")],
)
def test_the_add_form_refuses_off_site_and_looping_redirects(editor_client, new_path, words):
    Redirect.objects.point("/b/", "/a/", source="by_hand")

    response = editor_client.post(
        f"{REDIRECTS}add/", {"old_path": "/a/", "new_path": new_path, "_save": "Save"}
    )

    assert response.status_code == 200
    assert words in response.content.decode()
    assert Redirect.objects.count() == 1


def test_an_editor_deletes_a_redirect(editor_client, client):
    redirect = Redirect.objects.point("/old/", "/articles/", source="by_hand")

    editor_client.post(f"{REDIRECTS}{redirect.pk}/delete/", {"post": "yes"}, follow=True)

    assert not Redirect.objects.exists()
    assert client.get("/old/").status_code == 404


def test_a_csv_import_adds_the_good_rows_and_says_why_each_bad_one_was_refused(editor_client):
    Redirect.objects.point("/loop-end/", "/loop-start/", source="by_hand")
    Redirect.objects.point("/old-one/", "/people/", source="by_hand")
    rows = "\n".join(
        [
            "old_path,new_path",
            "/old-one/,/articles/",
            "/old-two/,/people/?kind=fellow",
            "/off-site/,https://evil.example/",
            "/sneaky/,//evil.example/",
            "/loop-start/,/loop-end/",
            "/only-one-address/",
            "/old-three/,/articles/,extra",
            "",
        ]
    )

    response = upload(editor_client, csv_file(rows))

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 redirects added, 5 rows refused" in page
    assert set(Redirect.objects.values_list("old_path", flat=True)) == {
        "/loop-end/",
        "/old-one/",
        "/old-two/",
    }
    report = {row.line: row for row in response.context["report"]}
    assert report[2].added and report[3].added
    assert report[2].reason == "It led to /people/ until now."
    assert "Added. It led to /people/ until now." in page
    assert "Addresses on other sites are not allowed" in report[4].reason
    assert "Addresses on other sites are not allowed" in report[5].reason
    assert "loop" in report[6].reason
    assert "exactly two addresses" in report[7].reason
    assert "exactly two addresses" in report[8].reason
    assert "None" not in page
    assert Redirect.objects.get(old_path="/old-one/").source == Redirect.Source.IMPORTED


@pytest.mark.parametrize(
    ("file", "words"),
    [
        (image_file(name="redirects.csv"), "This is not a CSV file"),
        (SimpleUploadedFile("x.csv", b"\xff\xfe\xfa\x80junk"), "not readable text"),
        (csv_file("\n , \n\n"), "The file has no rows"),
        (csv_file(""), "The submitted file is empty"),
        (csv_file('"/open-quote,/x/\n' * 3), "check its quotation marks"),
    ],
    ids=["image", "binary", "blank-rows", "empty", "broken-quotes"],
)
def test_a_bad_file_gets_a_plain_form_error_never_a_500(editor_client, file, words):
    response = upload(editor_client, file)

    assert response.status_code == 200
    assert Redirect.objects.count() == 0
    assert response.context["form"].errors
    assert words in response.content.decode()


def test_an_oversized_file_is_refused_before_reading(editor_client):
    response = upload(editor_client, csv_file("/a/,/b/\n" * 200_000))

    assert "too large" in response.content.decode()
    assert not Redirect.objects.exists()


def test_only_people_who_may_add_redirects_import_them(staff_client):
    assert staff_client.get(IMPORT).status_code == 403
    assert upload(staff_client, csv_file("/a/,/b/")).status_code == 403
    assert not Redirect.objects.exists()
