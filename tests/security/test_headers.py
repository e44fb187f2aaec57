"""Every response carries the security headers; production settings pass Django's checks."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/articles/", "/search/?q=x", "/no-such-page/", "/admin/login/", "/accounts/login/"]


def csp(response):
    return dict(
        [*directive.split(" ", 1), ""][:2]
        for directive in (part.strip() for part in response["Content-Security-Policy"].split(";"))
    )


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_a_strict_content_security_policy(client, url):
    policy = csp(client.get(url))
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_the_other_security_headers(client, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_page_served_from_the_cache_keeps_its_headers(client):
    article = ArticleFactory()
    fresh = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert cached["X-Cache"] == "hit"
    assert cached["Content-Security-Policy"] == fresh["Content-Security-Policy"]


def test_admin_inline_scripts_carry_the_responses_nonce(editor_client):
    response = editor_client.get("/admin/articles/article/add/")
    nonce = csp(response)["script-src"].split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    assert inline
    assert all(f'nonce="{nonce}"' in tag for tag in inline), inline


def test_public_pages_need_no_nonce_so_cached_copies_never_share_one(client):
    assert "nonce" not in client.get("/")["Content-Security-Policy"]


def test_hsts_for_a_year_when_served_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, editor, password):
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert response.status_code == 200
    client.post("/accounts/login/", {"username": "editor", "password": password})
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_an_unknown_host_header_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1000
    response = client.post(
        "/accounts/login/", data="x" * 2000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "limit is 1000" in response.content.decode()


def test_production_settings_pass_the_deploy_checks_with_no_warnings():
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": "x" * 30 + "a-long-random-production-secret-key",
        "DJANGO_ALLOWED_HOSTS": "thinktank.example.org",
        # As `make deploy-check` has it: uploads on a registrable domain of their own.
        "DJANGO_MEDIA_URL": "https://thinktank-media.example.net/media/",
        "SITE_URL": "https://thinktank.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure(monkeypatch):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from thinktank import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_CSP['upgrade-insecure-requests'])",
        ],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SECRET_KEY": "production-secret",
            "DJANGO_ALLOWED_HOSTS": "thinktank.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "True", "31536000", "True"], result.stderr
