import pytest
from django.test import Client

from tests.helpers.startup import run_settings

pytestmark = pytest.mark.django_db


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings({"DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_local_debug_run_needs_no_variables():
    assert run_settings({"DJANGO_DEBUG": "1"}).returncode == 0


def test_a_server_error_shows_the_sites_500_page(settings):
    settings.ROOT_URLCONF = "tests.thinktank.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_logging_in_and_out_works_from_the_site(client, staff_user, password):
    response = client.post("/accounts/login/", {"username": "staffer", "password": password})
    assert response.status_code == 302
    assert "Post an update" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Post an update" not in client.get("/").content.decode()


def test_media_goes_to_object_storage_when_a_bucket_is_named():
    code = (
        "import django; django.setup(); "
        "from django.core.files.storage import storages; "
        "m, d = storages['default'], storages['documents']; "
        "print(type(m).__name__, m.bucket_name, m.location, m.querystring_auth, m.custom_domain); "
        "print(type(d).__name__, d.bucket_name, d.location, d.querystring_auth, d.custom_domain, "
        "d.default_acl, d.querystring_expire, d.signature_version)"
    )
    result = run_settings(
        {
            "DJANGO_DEBUG": "1",
            "MEDIA_S3_BUCKET": "thinktank-media",
            "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
            "MEDIA_S3_CUSTOM_DOMAIN": "thinktank-media.example.net",
        },
        code,
    )
    media, documents = result.stdout.splitlines()
    assert media.split() == [
        "MediaS3Storage",
        "thinktank-media",
        "media",
        "False",
        "thinktank-media.example.net",
    ]
    # Report PDFs: a private prefix, never the public domain, fetched by short-lived links.
    assert documents.split() == [
        "DocumentS3Storage",
        "thinktank-media",
        "private",
        "True",
        "None",
        "private",
        "300",
        "s3v4",
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MEDIA_S3_BUCKET": "b", "MEDIA_S3_PREFIX": "/"}, "MEDIA_S3_PRIVATE_PREFIX must be"),
        (
            {"MEDIA_S3_BUCKET": "b", "MEDIA_S3_PRIVATE_PREFIX": "media/private"},
            "MEDIA_S3_PRIVATE_PREFIX must be",
        ),
        ({"DJANGO_PRIVATE_MEDIA_ROOT": "/srv/media/private"}, "separate folders"),
        ({"DJANGO_PRIVATE_MEDIA_ROOT": "/srv"}, "separate folders"),
    ],
)
def test_private_files_may_not_sit_where_public_media_is_served(variables, message):
    result = run_settings({"DJANGO_DEBUG": "1", "DJANGO_MEDIA_ROOT": "/srv/media", **variables})
    assert result.returncode != 0
    assert message in result.stderr


def test_empty_variables_mean_the_defaults():
    result = run_settings(
        {"DJANGO_DEBUG": "1", "SQLITE_PATH": "", "DJANGO_MEDIA_ROOT": "", "REDIS_URL": ""}
    )
    assert result.returncode == 0
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['NAME'].endswith('db.sqlite3'), s.MEDIA_ROOT.name)"
    )
    out = run_settings(
        {"DJANGO_DEBUG": "1", "SQLITE_PATH": "", "DJANGO_MEDIA_ROOT": ""}, code
    ).stdout.split()
    assert out == ["True", "media"]


def test_the_health_check_answers_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # as in production; the exemption is the real one
    assert client.get("/healthz").content == b"ok"
    assert client.get("/").status_code == 301


def test_the_favicon_is_found(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
