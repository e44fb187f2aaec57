"""Two application servers sharing PostgreSQL and Redis, as in production: a publish
through one shows through the other on the next request, cached pages included. No
process may keep anything of its own that a change leaves stale.

Runs in the PostgreSQL pass (`make test-postgres`, or DATABASE_URL and REDIS_URL set);
skipped otherwise, as SQLite and a per-process cache are not what several servers share.
"""

import os

import pytest
from django.conf import settings

from tests.helpers.factories import PASSWORD, ArticleFactory, TopicFactory, UserFactory
from tests.helpers.front import App, site_environment
from tests.helpers.smtp import free_port
from tests.helpers.visitor import Visitor

SHARED = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and settings.REDIS_URL
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not SHARED, reason="two app servers share PostgreSQL and Redis: set DATABASE_URL, REDIS_URL"
    ),
]


@pytest.fixture
def servers(tmp_path):
    env = site_environment(redis_url=os.environ["REDIS_URL"])
    started = [App(free_port(), tmp_path / f"server-{n}.log", env).start() for n in (1, 2)]
    yield started
    for app in started:
        app.stop()
        assert "Traceback" not in app.output(), app.output()


def test_a_publish_through_one_server_shows_at_once_through_the_other(servers):
    editor_account = UserFactory(username="two-servers", is_staff=True, groups=["Editors"])
    topic = TopicFactory(name="Maghreb security")
    ArticleFactory(title="Older analysis", topics=[topic])
    unrelated = ArticleFactory(title="Shipping lanes", topics=[TopicFactory(name="Arctic")])
    draft = ArticleFactory(title="Fresh analysis of Libya", draft=True, topics=[topic])
    showing = [draft.get_absolute_url(), "/", topic.get_absolute_url()]
    first, second = (Visitor(app.port) for app in servers)
    for reader in (first, second):
        for path in [*showing[1:], unrelated.get_absolute_url()]:
            reader.get(path)
            assert reader.get(path).header("X-Cache") == "hit", path
    assert second.get(showing[0]).status == 404

    editor = Visitor(servers[0].port)
    editor.log_in_admin(editor_account.username, PASSWORD)
    editor.publish(draft)

    for path in showing:
        page = second.get(path)
        assert page.status == 200, path
        assert "Fresh analysis of Libya" in page.text, f"{path} was stale on the other server"
        assert "Fresh analysis of Libya" in first.get(path).text, path
    assert second.get(unrelated.get_absolute_url()).header("X-Cache") == "hit"
