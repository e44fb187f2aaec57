"""`check --deploy` warns when uploads share the site's origin, or emails link elsewhere."""

import pytest
from django.core.checks import registry

from thinktank.checks import check_media_origin, check_site_url

S3 = {
    "BACKEND": "assets.s3.MediaS3Storage",
    "OPTIONS": {
        "bucket_name": "thinktank-media",
        "region_name": "eu-west-1",
        "location": "media",
        "querystring_auth": False,
    },
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["thinktank.org", "www.thinktank.org"]
    return settings


def warned():
    return [message.id for message in check_media_origin(None)]


@pytest.mark.parametrize(
    "media_url",
    [
        "/media/",
        "https://thinktank.org/media/",
        "https://media.thinktank.org/",
        "https://cdn.www.thinktank.org/media/",
        "//thinktank.org/media/",
    ],
)
def test_uploads_on_the_sites_origin_or_a_subdomain_are_warned_about(production, media_url):
    production.MEDIA_URL = media_url
    assert warned() == ["thinktank.W001"]


@pytest.mark.parametrize(
    "media_url", ["https://thinktank-media.org/media/", "https://thinktank.org.example.net/"]
)
def test_uploads_on_a_registrable_domain_of_their_own_pass(production, media_url):
    production.MEDIA_URL = media_url
    assert warned() == []


def test_a_wildcard_allowed_host_is_matched_with_its_subdomains(production):
    production.ALLOWED_HOSTS = [".thinktank.org"]
    production.MEDIA_URL = "https://files.thinktank.org/"
    assert warned() == ["thinktank.W001"]


def test_the_buckets_own_domain_passes(production):
    production.STORAGES = {**production.STORAGES, "default": S3}
    assert warned() == []


def test_a_bucket_behind_a_subdomain_of_the_site_is_warned_about(production):
    s3 = {**S3, "OPTIONS": {**S3["OPTIONS"], "custom_domain": "media.thinktank.org"}}
    production.STORAGES = {**production.STORAGES, "default": s3}
    assert warned() == ["thinktank.W001"]


def test_local_development_is_not_warned(settings):
    settings.DEBUG = True
    settings.MEDIA_URL = "/media/"
    assert warned() == []


def test_the_check_runs_under_check_deploy_only():
    assert check_media_origin in registry.registry.get_checks(include_deployment_checks=True)
    assert check_media_origin not in registry.registry.get_checks(include_deployment_checks=False)


@pytest.mark.parametrize(
    "site_url",
    ["http://127.0.0.1:8000", "http://thinktank.org", "https://elsewhere.example.net"],
)
def test_emails_linking_to_an_address_the_site_does_not_answer_are_warned_about(
    production, site_url
):
    production.SITE_URL = site_url
    assert [message.id for message in check_site_url(None)] == ["thinktank.W002"]


@pytest.mark.parametrize("site_url", ["https://thinktank.org", "https://www.thinktank.org"])
def test_emails_linking_to_the_sites_https_address_pass(production, site_url):
    production.SITE_URL = site_url
    assert check_site_url(None) == []
