import importlib

import pytest
from django.urls import clear_url_caches

from tests.helpers.factories import PASSWORD, PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def serving_media(settings):
    """The site as `make serve` and DEBUG runs have it: Django serves /media/ itself."""
    import thinktank.urls

    original = settings.SERVE_MEDIA
    settings.SERVE_MEDIA = True
    importlib.reload(thinktank.urls)
    clear_url_caches()
    yield
    settings.SERVE_MEDIA = original
    importlib.reload(thinktank.urls)
    clear_url_caches()


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", is_staff=True, groups=["Editors"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def staff_user(db):
    """A staff member with a profile, in the Staff group."""
    user = UserFactory(username="staffer", is_staff=True, groups=["Staff"])
    PersonFactory(name="Staff Member", slug="staff-member", user=user, kind="staff")
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def password():
    return PASSWORD


def pytest_report_header(config):
    from django.conf import settings

    return (
        f"database: {settings.DATABASES['default']['ENGINE']}, "
        f"cache: {settings.CACHES['default']['BACKEND']}"
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
