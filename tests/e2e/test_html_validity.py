"""Valid HTML, as the Nu HTML Checker (the W3C's validator, vnu.jar from npm) reads it.

The pages are fetched as served (the markup, not the DOM scripts later build) and
checked in one run of the checker: it is a Java program and takes seconds to start.
Any error fails the page; warnings are printed.
"""

import io
import json
import shutil
import subprocess

import pytest
from PIL import Image

from tests.e2e.conftest import NOT_FOUND, ROOT, log_in, visit

pytestmark = pytest.mark.e2e

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (name, address, who is logged in). Addresses in braces come from the seeded site.
PAGES = [
    ("home", "/", None),
    ("article", "{article}", None),
    ("article list", "/articles/", None),
    ("article list, filtered", "/articles/?topic={topic_slug}&region={region_slug}", None),
    ("topic list", "/topics/", None),
    ("topic", "{topic}", None),
    ("region", "{region}", None),
    ("people list", "/people/", None),
    ("person", "{person}", None),
    ("update list", "/updates/", None),
    ("update", "{update}", None),
    ("series list", "/series/", None),
    ("series", "{series}", None),
    ("newsletter", "/newsletter/", None),
    ("events list", "/events/", None),
    ("events list, filtered", "/events/?topic={topic_slug}&kind=panel", None),
    ("event", "{event}", None),
    ("event, past with recording", "{event_past}", None),
    ("search form", "/search/", None),
    ("search results", "/search/?q=Libya", None),
    ("search, no results", "/search/?q=qwxzzy", None),
    ("page not found", NOT_FOUND, None),
    ("login", "/accounts/login/", None),
    ("admin login", "/admin/login/", None),
    ("update form", "/updates/new/", "staff"),
    ("admin article add", "/admin/articles/article/add/", "editor"),
    ("admin article change", "{article_admin}", "editor"),
]
UPDATE_FORM_ERRORS = "update form, with errors"


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), (40, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def served_html(browser, site):
    """{name: markup} of every page above, and of the update form sent back with errors."""
    contexts = {}

    def page_for(who):
        if who not in contexts:
            contexts[who] = browser.new_context(base_url=site.url)
            if who:
                page = contexts[who].new_page()
                log_in(page, site.data[who], site.data["password"], admin=who == "editor")
        return contexts[who]

    html = {}
    try:
        for name, path, who in PAGES:
            path = path.format(**site.data)
            response = page_for(who).request.get(site.url + path)
            expected = 404 if path == NOT_FOUND else 200
            assert response.status == expected, f"{name} ({path}) answered {response.status}"
            html[name] = response.text()

        # An image without its alt text and no text: the form comes back with two errors.
        page = page_for("staff").new_page()
        visit(page, "/updates/new/")
        page.set_input_files(
            "#id_image", files=[{"name": "p.png", "mimeType": "image/png", "buffer": png()}]
        )
        with page.expect_navigation() as sent:
            page.get_by_role("button", name="Publish update").click()
        assert page.locator(".field--error").count() >= 2, "the form did not show its errors"
        html[UPDATE_FORM_ERRORS] = sent.value.text()
    finally:
        for context in contexts.values():
            context.close()
    return html


@pytest.fixture(scope="module")
def nu_messages(browser, site, tmp_path_factory):
    """{page name: the checker's messages about it}, from one run over all the pages."""
    java = shutil.which("java")
    assert java, "Java is missing: `make e2e` installs Debian's default-jre-headless"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: `make e2e` runs npm ci"
    folder = tmp_path_factory.mktemp("nu")
    files = {}
    for index, (name, markup) in enumerate(served_html(browser, site).items()):
        files[name] = folder / f"page-{index:02d}.html"
        files[name].write_text(markup)
    done = subprocess.run(
        [java, "-jar", VNU_JAR, "--format", "json", "--stdout", *files.values()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu checker did not answer in JSON:\n{done.stdout}\n{done.stderr}")
    by_file = {}
    for message in messages:
        by_file.setdefault(message.get("url", "").removeprefix("file:"), []).append(message)
    return {name: by_file.get(str(path), []) for name, path in files.items()}


def describe(messages):
    return "\n".join(
        f"  line {m.get('lastLine', '?')}: {m['message']}\n"
        f"      {' '.join(m.get('extract', '').split())[:160]}"
        for m in messages
    )


@pytest.mark.parametrize(
    "name", [p[0] for p in PAGES] + [UPDATE_FORM_ERRORS], ids=lambda name: name
)
def test_page_is_valid_html(nu_messages, name):
    messages = nu_messages[name]
    warnings = [m for m in messages if m["type"] == "info"]
    if warnings:
        print(f"\n{name}: Nu warnings\n{describe(warnings)}")
    errors = [m for m in messages if m["type"] != "info"]
    assert not errors, f"{name}: the Nu HTML Checker found errors:\n{describe(errors)}"
