"""The site behind a real Varnish (deploy/varnish/default.vcl, vmod_xkey), as `make varnish`
runs it: gunicorn, a worker on the "frontcache" queue, varnishd, all on loopback.

Only with `make test-varnish` (-m varnish), which installs Debian's varnish and
varnish-modules. Content is made in this process and committed (`transaction=True`); the
processes read the same test database. Pages are asked for through Varnish as readers and
editors would; `X-Cache-Front` (added by the VCL) says hit, miss, pass or stale.
"""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from events.models import Registration
from formguard.forms import GuardedForm
from newsletter.models import Subscriber
from tests.helpers.factories import (
    PASSWORD,
    ArticleFactory,
    EventFactory,
    TopicFactory,
    UserFactory,
)
from tests.helpers.front import VARNISH_START, App, Varnish, site_environment
from tests.helpers.smtp import free_port
from tests.helpers.visitor import Visitor, wait_for
from tests.helpers.workers import wait_until

pytestmark = [
    pytest.mark.varnish,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        shutil.which("varnishd") is None, reason="varnishd: `make test-varnish` installs it"
    ),
]

TAG_HEADERS = ("xkey", "Surrogate-Key", "Cache-Tag")


@pytest.fixture(scope="module")
def varnish():
    # Straight under the system's temporary folder, not pytest's private one nor var/
    # (the file cache makes var/ private): started as root, varnishd reads the VCL and runs
    # its cache as the varnish user, who must reach the folder.
    workdir = Path(tempfile.mkdtemp(prefix="thinktank-test-varnish-"))
    workdir.chmod(0o755)
    front = Varnish(workdir, free_port(), free_port(), free_port()).start()
    yield front
    front.stop()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def start_site(varnish, processes, tmp_path):
    """Start gunicorn behind `varnish`, and the worker that purges it; `env` for both."""
    started = []

    def start(**env):
        env = {
            "FRONTCACHE_BACKEND": "varnish",
            "FRONTCACHE_VARNISH_URLS": f"http://127.0.0.1:{varnish.port}",
            "FRONTCACHE_RETRY_SECONDS": "0.2",
            **env,
        }
        app = App(varnish.backend_port, tmp_path / "gunicorn.log", site_environment(**env))
        started.append(app.start())
        worker = processes(
            *("run_worker", "--queue-name", "frontcache", "--interval", "0.1"),
            "--no-startup-delay",
            **env,
        )
        wait_until(lambda: "Starting worker" in worker.output(), message="the purge worker")
        varnish.wait_until("healthy")
        varnish.purge_everything()  # nothing left from an earlier test
        return app

    yield start
    for app in started:
        app.stop()
        assert "Traceback" not in app.output(), app.output()


@pytest.fixture
def app(start_site):
    return start_site()


@pytest.fixture
def editor_account(db):
    return UserFactory(username="front-editor", is_staff=True, groups=["Editors"])


def front(answer):
    return answer.header("X-Cache-Front")


def warm(reader, *paths):
    for path in paths:
        reader.get(path)
        assert front(reader.get(path)) == "hit", path


def check_vcl(workdir, **env):
    """Render the VCL into `workdir` and compile it (varnishd -C); the VCL as rendered."""
    env = {"PATH": "/usr/sbin:/usr/bin:/bin", "VARNISH_WORKDIR": str(workdir), **env}
    checked = subprocess.run([VARNISH_START, "--check"], env=env, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    return (workdir / "default.vcl").read_text()


def test_the_vcl_compiles_with_and_without_more_purgers(varnish):
    assert '"127.0.0.1";' in check_vcl(varnish.workdir / "check")
    more = check_vcl(varnish.workdir / "check", VARNISH_PURGERS="10.0.0.5, 10.1.0.0/16, ::2")
    assert '"10.0.0.5";\n    "10.1.0.0"/16;\n    "::2";' in more


def test_the_health_probe_asks_for_a_host_the_application_allows(varnish):
    rendered = check_vcl(varnish.workdir / "check", DJANGO_ALLOWED_HOSTS=".example.org,a.org")
    assert '"Host: example.org"' in rendered


def test_the_vcl_knows_the_cookies_django_sets(varnish):
    rendered = check_vcl(varnish.workdir / "check")
    # With the token in the session, every reader who opened a form would carry a session
    # cookie and bypass Varnish from then on: the VCL would need another design.
    assert not settings.CSRF_USE_SESSIONS
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        assert f'"(^|;\\s*){name}="' in rendered


def test_a_publish_in_the_admin_shows_through_varnish_within_a_second(varnish, app, editor_account):
    topic = TopicFactory(name="Maghreb security")
    ArticleFactory(title="Older analysis", topics=[topic])
    other_topic = TopicFactory(name="Arctic trade")
    unrelated = ArticleFactory(title="Shipping lanes", topics=[other_topic])
    draft = ArticleFactory(title="Fresh analysis of Libya", draft=True, topics=[topic])
    showing = [draft.get_absolute_url(), "/", topic.get_absolute_url()]
    elsewhere = [unrelated.get_absolute_url(), other_topic.get_absolute_url()]
    reader = Visitor(varnish.port)
    warm(reader, *showing[1:], *elsewhere)
    assert [reader.get(showing[0]).status for _ in "12"] == [404, 404]  # 404s are not kept

    editor = Visitor(varnish.port)
    editor.log_in_admin(editor_account.username, PASSWORD)
    editor.publish(draft)
    published = time.monotonic()

    for path in showing:
        wait_for(reader, path, lambda page: "Fresh analysis of Libya" in page.text, timeout=5)
        assert time.monotonic() - published < 1, f"{path} showed the change too late"
    for path in elsewhere:
        assert front(reader.get(path)) == "hit", f"{path} was purged by an unrelated change"


def test_editors_and_the_admin_always_reach_the_application(varnish, app, editor_account):
    ArticleFactory(title="Seen by editors")
    editor = Visitor(varnish.port)
    editor.log_in_admin(editor_account.username, PASSWORD)
    for path in ("/", "/admin/", "/admin/articles/article/"):
        answers = [editor.get(path) for _ in "12"]
        assert [(page.status, front(page)) for page in answers] == [(200, "pass")] * 2, path
    assert "private" in editor.get("/").header("Cache-Control")
    # What the editor saw was never stored for readers.
    reader = Visitor(varnish.port)
    assert front(reader.get("/")) == "miss"


def test_readers_share_one_copy_whatever_cookies_they_send(varnish, app):
    ArticleFactory(title="For every reader")
    # The first copy is fetched for a reader holding a CSRF cookie, which reaches the
    # application: it is still the one copy for everybody.
    returning = Visitor(varnish.port)
    returning.cookies = {"csrftoken": "a" * 32, "_ga": "GA1.1.2", "theme": "dark"}
    assert front(returning.get("/")) == "miss"
    other = Visitor(varnish.port)
    other.cookies = {"csrftoken": "b" * 32}
    for reader in (Visitor(varnish.port), other, returning):
        page = reader.get("/")
        assert (front(page), page.header("Set-Cookie")) == ("hit", None)
        # Browsers still fetch the page again once the reader logs in.
        assert "Cookie" in page.header("Vary")


def newsletter_form():
    return "/newsletter/", {}, Subscriber.objects


def event_registration_form():
    event = EventFactory(capacity=10)
    return f"/events/{event.slug}/register/", {"name": "Two Tabs"}, Registration.objects


@pytest.mark.parametrize("anonymous_form", [newsletter_form, event_registration_form])
def test_a_form_opened_in_two_tabs_is_accepted_from_the_first(varnish, app, anonymous_form):
    ArticleFactory(title="Read between the two tabs")
    path, fields, stored = anonymous_form()
    reader = Visitor(varnish.port)
    opened = time.monotonic()
    first_tab = reader.form(path, field="email") | fields | {"email": "two-tabs@example.org"}
    assert "csrftoken" in reader.cookies
    warm(reader, "/")  # reading elsewhere in between, with the cookie: the shared copy
    reader.form(path, field="email")  # the second tab
    # People take a while over a form (formguard ignores quick ones).
    time.sleep(max(0, GuardedForm.MIN_FORM_SECONDS + 0.2 - (time.monotonic() - opened)))

    answer = reader.request("POST", path, form=first_tab)
    assert answer.status == 302, f"{path} answered {answer.status}"
    assert answer.header("Location").endswith("/check-your-inbox/")
    assert stored.filter(email="two-tabs@example.org").exists()


def test_tag_headers_stop_at_varnish(varnish, app):
    ArticleFactory(title="Tagged")
    direct = Visitor(varnish.backend_port).get("/")
    assert all(direct.header(name) for name in TAG_HEADERS)  # Varnish reads them
    reader = Visitor(varnish.port)
    for page in (reader.get("/"), reader.get("/")):
        assert [name for name in TAG_HEADERS if page.header(name)] == []


def test_personal_answers_previews_and_posts_are_never_stored(varnish, app):
    reader = Visitor(varnish.port)
    # The log-in form sets a CSRF cookie: never kept, whatever else it says.
    assert [front(reader.get("/accounts/login/")) for _ in "12"] == ["miss", "miss"]
    assert [front(reader.get("/preview/not-a-real-token/")) for _ in "12"] == ["pass", "pass"]
    assert front(reader.request("POST", "/newsletter/", form={})) == "pass"


def test_purges_are_taken_only_from_loopback_and_the_configured_addresses(varnish, app):
    ArticleFactory(title="Kept from strangers")
    reader = Visitor(varnish.port)
    warm(reader, "/")
    stranger = Visitor(varnish.port, source="127.0.0.2")  # loopback, but not in the ACL
    refused = stranger.request("PURGE", "/", headers={"xkey-purge": "all home"})
    assert refused.status == 403
    assert front(reader.get("/")) == "hit"
    allowed = Visitor(varnish.port).request("PURGE", "/", headers={"xkey-purge": "home"})
    assert allowed.status == 200
    assert front(reader.get("/")) == "miss"


def test_old_copies_are_served_only_while_the_application_is_down(varnish, start_site):
    app = start_site(SHARED_CACHE_SECONDS="2")
    article = ArticleFactory(title="Kept through an outage")
    path = article.get_absolute_url()
    reader = Visitor(varnish.port)
    warm(reader, path)
    # Healthy: a copy past its time is fetched afresh, never served while it is.
    time.sleep(2.2)
    assert front(reader.get(path)) == "miss"

    app.stop()
    varnish.wait_until("sick")
    time.sleep(2.2)
    stale = reader.get(path)
    assert (stale.status, front(stale)) == (200, "stale")
    assert "Kept through an outage" in stale.text
    assert reader.get("/articles/?never=cached").status == 503

    app.start()
    varnish.wait_until("healthy")
    assert front(reader.get(path)) == "miss"
