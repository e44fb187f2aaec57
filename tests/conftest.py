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
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the on-commit hooks of what is inside, as a real request's
    transaction would (the cache's second bump, the front cache's purge)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


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

    from core.cache import entries

    cache.clear()
    # Kept in this process too; a real cache is never emptied under a frozen clock, as tests
    # do, so its versions would otherwise come back equal to the entries' own.
    entries.forget_local()


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback; the site's mail goes there (tests/helpers/smtp.py)."""
    from tests.helpers.smtp import SMTPSink

    sink = SMTPSink().start()
    settings.MAILERS = sink.mailer()
    yield sink
    sink.stop()


DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "email", "images", "frontcache"],
    }
}


@pytest.fixture
def task_queue(settings):
    """Tasks go to the database queue, as in production, instead of running at once."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def processes(tmp_path):
    """Start `manage.py` commands (workers, schedulers) against the test database; each is
    stopped at the end. Use in tests marked `django_db(transaction=True)`."""
    from tests.helpers.workers import Process

    started = []

    def start(*command, **env):
        process = Process(tmp_path / f"process-{len(started)}.log", *command, **env)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()
