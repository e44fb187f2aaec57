"""The site's identity on every page: self-hosted fonts, the wordmark, the header's
sections with the current one marked, and the footer's organisation details."""

import mimetypes
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.helpers.factories import ArticleFactory, PageFactory, PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "static/css/site.css").read_text(encoding="utf-8")


def test_the_text_face_is_preloaded_from_the_site_itself(client):
    html = client.get("/").content.decode()
    preload = re.search(
        r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html
    )
    assert preload, "no font preload"
    assert preload.group(1).startswith("/static/fonts/source-serif-4-latin-400-normal")
    assert "fonts.googleapis" not in html and "fonts.googleapis" not in CSS


def test_every_font_face_is_a_committed_woff2_with_its_licence():
    faces = re.findall(r"@font-face \{([^}]*)\}", CSS)
    assert len(faces) == 10
    for face in faces:
        name = re.search(r'url\("\.\./fonts/([^"]+\.woff2)"\)', face).group(1)
        assert (ROOT / "static/fonts" / name).stat().st_size > 10_000, name
        assert "font-display: swap" in face
        assert "unicode-range:" in face
    # Latin Extended is separate, so Latin-only pages never fetch it.
    ext = [face for face in faces if "latin-ext" in face]
    assert len(ext) == 5 and all("U+0100-02BA" in face for face in ext)
    assert all("U+0100" not in face for face in faces if face not in ext)
    for licence in ("OFL-source-serif-4.txt", "OFL-source-sans-3.txt"):
        assert "SIL OPEN FONT LICENSE Version 1.1" in (ROOT / "static/fonts" / licence).read_text()


def test_fonts_are_found_by_collectstatic_with_their_type():
    """What whitenoise serves: collected static files, with the type from their name."""
    for name in re.findall(r'url\("\.\./(fonts/[^"]+)"\)', CSS):
        found = finders.find(name)
        assert found, name
        assert Path(found).read_bytes()[:4] == b"wOF2"
        assert mimetypes.guess_type(found)[0] == "font/woff2"


def test_the_wordmark_is_an_svg_an_institution_can_replace(client, settings, tmp_path):
    html = client.get("/").content.decode()
    assert '<svg class="wordmark__mark"' in html
    (tmp_path / "logo.html").write_text('<svg class="our-logo"></svg>')
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [engine | {"DIRS": [tmp_path, *engine["DIRS"]]}]
    settings.SITE_WORDMARK_TEMPLATE = "logo.html"
    html = client.get("/articles/").content.decode()  # not the home page, cached above
    assert '<svg class="our-logo"></svg>' in html
    assert "wordmark__mark" not in html


def current_links(html):
    return re.findall(r'<a href="([^"]+)" aria-current="(page|true)">', html)


@pytest.mark.parametrize(
    ("make", "section"),
    [
        (lambda: "/articles/", "/articles/"),
        (lambda: ArticleFactory().get_absolute_url(), "/articles/"),
        (lambda: PersonFactory().get_absolute_url(), "/people/"),
        (lambda: TopicFactory().get_absolute_url(), "/topics/"),
    ],
)
def test_the_header_marks_the_current_section_on_its_detail_pages_too(client, make, section):
    path = make()
    html = client.get(path).content.decode()
    header = html[: html.index("</header>")]
    marked = current_links(header)
    # Twice: the wide screens' row and the phones' menu.
    assert marked == [(section, "page" if path == section else "true")] * 2


def test_the_home_page_marks_no_section(client):
    html = client.get("/").content.decode()
    assert current_links(html[: html.index("</header>")]) == []


def test_phones_get_menu_and_search_buttons_that_need_no_javascript(client):
    html = client.get("/").content.decode()
    header = html[: html.index("</header>")]
    assert header.count('<details class="drawer') == 2
    assert "<span>Menu</span></summary>" in header
    assert "<span>Search</span></summary>" in header
    assert re.findall(r"<script(?! type=\"application/ld\+json\")", html) == []


def test_the_footer_names_the_organisation_and_its_notices(client, settings):
    settings.SITE_ORGANISATION = settings.SITE_ORGANISATION | {
        "name": "Institute of Examples",
        "address": ["2 Sample Row", "Exampleton"],
        "press_email": "media@example.net",
    }
    # The institution's own pages, where they are live: About through the footer menu,
    # the notices, Contact and Press in their fixed places.
    PageFactory(title="About us", slug="about", show_in_footer=True)
    for slug in ("privacy", "accessibility", "contact", "press"):
        PageFactory(slug=slug)
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for text in (
        "Institute of Examples",
        "2 Sample Row<br>",
        "mailto:media@example.net",
        'href="/privacy/"',
        'href="/accessibility/"',
        'href="/contact/"',
        'href="/about/"',
        'href="/press/"',
        'href="/newsletter/"',
        "Bluesky",
        "© ",
    ):
        assert text in footer, text


def test_the_footer_leaves_out_notices_not_yet_written(client):
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/privacy/"' not in footer and 'href="/press/"' not in footer
