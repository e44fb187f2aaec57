"""Browser tests: the real site in a real Chromium.

The site runs as in production: gunicorn with the production settings (DEBUG off,
static files collected, hashed and compressed by WhiteNoise, the middleware stack as
deployed), on a loopback port, over a throwaway SQLite database holding the demo content.
Playwright drives Debian's `chromium` package; `make e2e` installs both, and axe-core
from npm. These tests only run with `-m e2e` (pyproject's addopts leave them out).

Every browser context is watched: console errors, uncaught JavaScript errors and Content
Security Policy violations (reported to the test by an init script, which no page
policy can block) fail the test that opened it.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("E2E_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
NOT_FOUND = "/no-such-page/"  # a page that answers 404

# The demo's institutional pages (demo/institution.py).
INSTITUTION_PAGES = ["/about/", "/about/governance/", "/contact/", "/press/", "/privacy/"]
INSTITUTION_PAGES += ["/accessibility/"]

# Every page type readers (and staff, on the update form) see: the Nu checker, axe and the
# screenshots go through each. (name, address, who is logged in); addresses in braces come
# from the seeded site, {admin_published} from the `admin_published` fixture.
PAGE_TYPES = [
    ("home", "/", None),
    ("article", "{article}", None),
    ("article, report with PDF", "{report}", None),
    ("article, pictures in the text", "{article_images}", None),
    ("article, published in the admin", "{admin_published}", None),
    ("article list", "/articles/", None),
    ("article list, filtered", "/articles/?topic={topic_slug}&region={region_slug}", None),
    ("article list, searched", "/articles/?q=Libya&sort=oldest", None),
    ("search form", "/search/", None),
    ("search results", "/search/?q=Libya", None),
    ("search, no results", "/search/?q=qwxzzy", None),
    ("topic list", "/topics/", None),
    ("topic", "{topic}", None),
    ("region list", "/regions/", None),
    ("region", "{region}", None),
    ("series list", "/series/", None),
    ("series", "{series}", None),
    ("people list", "/people/", None),
    ("people list, filtered", "/people/?q=rahman&region={region_slug}", None),
    ("person", "{person}", None),
    ("update list", "/updates/", None),
    ("update", "{update}", None),
    ("events list", "/events/", None),
    ("events list, filtered", "/events/?topic={topic_slug}&kind=panel", None),
    ("event", "{event}", None),
    ("event, past with recording", "{event_past}", None),
    ("event registration form", "{event_for_registration}register/", None),
    *((f"page {path.strip('/')}", path, None) for path in INSTITUTION_PAGES),
    ("newsletter", "/newsletter/", None),
    ("newsletter, check your inbox", "/newsletter/check-your-inbox/", None),
    ("newsletter, confirm", "{newsletter_confirm}", None),
    ("newsletter, unsubscribe", "{newsletter_unsubscribe}", None),
    ("page not found", NOT_FOUND, None),
    ("login", "/accounts/login/", None),
    ("update form", "/updates/new/", "staff"),
]

# The plain `make test` run may not have Playwright installed; it leaves these tests out anyway.
if find_spec("playwright") is None:
    collect_ignore_glob = ["test_*.py"]


# The site under test ----------------------------------------------------------------------


@dataclass
class Site:
    url: str
    data: dict
    log: Path
    sink: object = None  # the SMTP server the site's worker sends to (tests/helpers/smtp.py)
    _log_seen: int = 0

    def new_server_errors(self):
        """Errors the server logged since the last call (Django logs 500s with a traceback)."""
        text = self.log.read_text(errors="replace")
        new, self._log_seen = text[self._log_seen :], len(text)
        markers = ("Traceback", "Internal Server Error", "[ERROR]", "[CRITICAL]")
        return [line for line in new.splitlines() if any(m in line for m in markers)]


def _run(args, env):
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The production profile under gunicorn, with the demo content and two test accounts,
    and, as `make serve` has it, a task worker, which sends the site's mail to a local sink."""
    from tests.helpers.smtp import SMTPSink

    tmp = tmp_path_factory.mktemp("site")
    sink = SMTPSink().start()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "thinktank.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "browser-tests-only-not-a-secret-" + "x" * 32,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",  # plain HTTP on loopback, as `make serve`
        "DJANGO_SERVE_MEDIA": "1",
        "SQLITE_PATH": str(tmp / "db.sqlite3"),
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "CACHE_DIR": str(tmp / "cache"),
        "SITE_URL": url,
        **sink.environment(),
    }
    data = json.loads(_run([sys.executable, "-m", "tests.e2e.seed"], env))

    log = tmp / "gunicorn.log"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("w") as out:
        server = subprocess.Popen(
            [gunicorn, "thinktank.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    with (tmp / "worker.log").open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
                time.sleep(0.2)
        yield Site(url=url, data=data, log=log, sink=sink)
    finally:
        server.terminate()
        worker.terminate()
        server.wait(timeout=10)
        worker.wait(timeout=30)
        sink.stop()


@pytest.fixture(scope="session")
def admin_published(browser, site):
    """The seeded draft, published by an editor with the panel's "Publish now" button, as
    the site's own flow publishes: its address, also as site.data["admin_published"]."""
    if "admin_published" not in site.data:
        context = browser.new_context(base_url=site.url)
        try:
            page = context.new_page()
            log_in(page, site.data["editor"], site.data["password"], admin=True)
            visit(page, site.data["draft_admin"])
            with page.expect_navigation():
                page.get_by_role("button", name="Publish now").click()
            assert "is now live" in page.locator(".messagelist .success").first.inner_text()
        finally:
            context.close()
        site.data["admin_published"] = site.data["draft_url"]
    return site.data["admin_published"]


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    """No test may make the server log an error, even on a page the browser was happy with."""
    if "site" not in request.fixturenames:
        yield
        return
    site = request.getfixturevalue("site")
    site.new_server_errors()
    yield
    errors = site.new_server_errors()
    assert not errors, "The server logged errors:\n" + "\n".join(errors)


# Browsers ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's build, not one Playwright downloads; Playwright adds --no-sandbox (root in CI).
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


# Runs in every page before its own scripts. A page's policy cannot block init scripts, and
# the exposed function carries reports out even when the page then navigates away.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const report = `${event.disposition === "report" ? "(report-only) " : ""}` +
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} ` +
    `in ${event.sourceFile || document.location.href}:${event.lineNumber}`;
  window.__cspViolations.push(report);
  window.__e2eCspViolation(report);
});
"""


@dataclass
class Browse:
    """Opens watched pages; everything they report ends up in `problems`."""

    browser: object
    site: Site
    problems: list = field(default_factory=list)
    allowed: list = field(default_factory=list)
    contexts: list = field(default_factory=list)

    def page(self, *, viewport=DESKTOP, **options):
        context = self.browser.new_context(base_url=self.site.url, viewport=viewport, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.expose_function(
            "__e2eCspViolation", lambda text: self._add(f"CSP violation: {text}")
        )
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)
        context.on("weberror", lambda e: self._add(f"JavaScript error: {e.error}", e.page.url))
        self.contexts.append(context)
        return context.new_page()

    def allow(self, predicate):
        """Tolerate console errors for which predicate(text, url) is true (expected failures)."""
        self.allowed.append(predicate)

    def assert_clean(self):
        assert not self.problems, "The browser reported:\n" + "\n".join(self.problems)

    def close(self):
        for context in self.contexts:
            context.close()

    def _on_console(self, message):
        if message.type == "error":
            self._add(f"console error: {message.text}", message.location.get("url", ""))

    def _add(self, text, url=""):
        if not any(allowed(text, url) for allowed in self.allowed):
            self.problems.append(text + (f" (at {url})" if url else ""))


@pytest.fixture
def browse(browser, site):
    """Watched pages: `browse.page(...)` takes new_context options (viewport, is_mobile…)."""
    browse = Browse(browser, site)
    yield browse
    browse.close()
    browse.assert_clean()


# Helpers for the tests --------------------------------------------------------------------


def visit(page, path, status=200):
    response = page.goto(path)
    assert response is not None and response.status == status, (
        f"{path} answered {response.status if response else 'nothing'}, expected {status}"
    )
    return response


def log_in(page, username, password, *, admin=False):
    """Log in through the real form: the admin's or the site's staff login."""
    visit(page, "/admin/login/" if admin else "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert "login" not in page.url, f"login as {username} failed: {page.url}"


# WCAG 2.2 A and AA, and axe's best practices (label-title-only, unique landmarks…).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_BLOCKING = {"serious", "critical"}


def axe(page, exempt=None):
    """Run axe-core on the page; returns the violations, minus the exempt (rule, target) nodes.

    The script is evaluated through the DevTools protocol, which the page's Content Security
    Policy does not govern (an injected <script> would be blocked), so axe checks the page
    exactly as served.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {
             runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
           })).violations""",
        AXE_TAGS,
    )
    exempt = exempt or {}
    kept = []
    for violation in violations:
        nodes = [
            node
            for node in violation["nodes"]
            if (violation["id"], " ".join(map(str, node["target"]))) not in exempt
        ]
        if nodes:
            kept.append(violation | {"nodes": nodes})
    return kept


@cache
def _axe_source():
    return AXE_JS.read_text()


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)
