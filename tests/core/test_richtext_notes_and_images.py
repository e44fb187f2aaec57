"""The allowlist's images, superscripts and notes: what Word imports need, and no more."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.richtext import sanitize_html, set_image_alt

MEDIA_IMAGE = "/media/articles/body/2026/05/0f1e2d3c4b5a.png"


def test_images_of_the_sites_own_uploads_are_kept():
    html = f'<p>Chart:</p><img src="{MEDIA_IMAGE}" alt="Rainfall" width="300" height="200">'
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/pixel.gif",
        "//evil.example/media/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "/media/../admin/logout/",
        "/media/articles/body/x.png?onerror=alert(1)",
        "/static/x.png",
        "/media/",
        "",
    ],
)
def test_images_from_anywhere_else_are_removed_whole(src):
    cleaned = sanitize_html(f'<p>Text</p><img src="{src}" alt="x"><p>More</p>')
    assert cleaned == "<p>Text</p><p>More</p>"


def test_images_keep_only_plain_dimensions():
    cleaned = sanitize_html(
        f'<img src="{MEDIA_IMAGE}" alt="" width="100%" height="9" onerror="x" class="big">'
    )
    assert cleaned == f'<img src="{MEDIA_IMAGE}" alt="" height="9">'


def test_images_under_a_media_url_on_another_host_are_kept(settings):
    settings.MEDIA_URL = "https://cdn.thinktank.example/media/"
    src = "https://cdn.thinktank.example/media/articles/body/a.jpg"
    assert sanitize_html(f'<img src="{src}" alt="">') == f'<img src="{src}" alt="">'


def test_figures_and_superscripts_are_kept():
    html = (
        f'<figure><img src="{MEDIA_IMAGE}" alt="Map"><figcaption>Source: FAO</figcaption>'
        "</figure><p>E = mc<sup>2</sup></p>"
    )
    assert sanitize_html(html) == html


def test_notes_after_a_notes_heading_get_the_sites_ids_and_links_both_ways():
    html = (
        '<p>Claim<sup><a href="#note-1" id="mine">1</a></sup>, again<sup><a href="#note-1">1'
        '</a></sup>, other<sup><a href="#note-2">2</a></sup>.</p>'
        '<h2>Notes</h2><ol><li id="x"><p>First. <a href="#note-ref-1">↑</a></p>'
        "<ol><li>A nested point</li></ol></li><li><p>Second.</p></li></ol>"
        "<ol><li>A later list</li></ol>"
    )
    cleaned = sanitize_html(html)
    assert cleaned.count('id="note-ref-1"') == 1
    assert '<a href="#note-1" id="note-ref-1" rel="noopener noreferrer">1</a>' in cleaned
    assert '<a href="#note-2" id="note-ref-2" rel="noopener noreferrer">2</a>' in cleaned
    assert 'id="mine"' not in cleaned and 'id="x"' not in cleaned
    assert '<li id="note-1"><p>First.' in cleaned
    assert "<ol><li>A nested point</li></ol>" in cleaned
    assert '<li id="note-2"><p>Second.</p></li>' in cleaned
    assert "<ol><li>A later list</li></ol>" in cleaned
    assert sanitize_html(cleaned) == cleaned


def test_notes_keep_their_ids_after_the_admin_editor_rewrites_them():
    """The prose editor drops ids and puts the link outside the superscript."""
    edited = (
        '<p>Claim.<a rel="noopener noreferrer" href="#note-1"><sup>1</sup></a></p><h2>Notes</h2>'
        '<ol start="1" type="1" data-type="decimal"><li><p>Source. <a rel="noopener noreferrer" '
        'href="#note-ref-1" title="Back to the text">↑</a></p></li></ol>'
    )
    cleaned = sanitize_html(edited)
    assert '<a href="#note-1" id="note-ref-1" rel="noopener noreferrer"><sup>1</sup></a>' in cleaned
    assert '<ol><li id="note-1"><p>Source.' in cleaned


def test_without_a_notes_heading_nothing_gets_note_ids():
    cleaned = sanitize_html('<p><a href="#note-1">1</a></p><h2>Sources</h2><ol><li>A</li></ol>')
    assert "note-ref" not in cleaned
    assert "<li>A</li>" in cleaned


def test_set_image_alt_changes_only_that_image():
    other = "/media/articles/body/other.png"
    html = sanitize_html(
        f'<img src="{MEDIA_IMAGE}" alt="old" width="3"><img src="{other}" alt="keep">'
    )
    changed = sanitize_html(set_image_alt(html, MEDIA_IMAGE, 'Rain "and" <wind>'))
    assert 'alt="Rain &quot;and&quot; &lt;wind&gt;"' in changed
    assert 'alt="keep"' in changed
    assert "old" not in changed


PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<h2>Notes</h2>",
        "<ol>",
        "</ol>",
        "<li>",
        "</li>",
        '<a href="#note-1">',
        '<a href="#note-2">',
        "</a>",
        "<sup>",
        "</sup>",
        f'<img src="{MEDIA_IMAGE}" alt="a">',
        '<img src="https://x.example/a.png">',
        "<figure>",
        "<figcaption>",
        "text",
        " ",
    ]
)


@given(st.lists(PIECES, max_size=30))
def test_sanitising_notes_and_images_is_idempotent(pieces):
    once = sanitize_html("".join(pieces))
    assert sanitize_html(once) == once
