"""Rich text too large or too deeply nested to sanitise quickly is refused, with a message."""

import re

import nh3
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from core.richtext import sanitize_html
from core.richtext_limits import (
    VOID_ELEMENTS,
    RichTextRefused,
    check_rich_text,
    nesting_depth,
)
from people.models import Person
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import ArticleFactory
from tests.helpers.forms import form_data

TOO_LARGE = "This text is 1.4\xa0MB of HTML; the limit is 512.0\xa0KB."
TOO_DEEP = "This text is nested more than 40 levels deep"


def nested(depth, tag="div"):
    return f"<{tag}>" * depth + "<p>deep</p>" + f"</{tag}>" * depth


def body_errors(response):
    assert response.status_code == 200, "saved, not refused"
    return " ".join(response.context["adminform"].form.errors["body"])


# Through the admin, as editors and contributors post ------------------------------


@pytest.mark.django_db
def test_the_reviewers_hundred_thousand_nested_divs_are_refused_as_too_large(editor_client):
    body = "<div>" * 100_000 + "x" + "</div>" * 100_000  # 1.1 MB
    response = editor_client.post(f"{ARTICLES}add/", article_form(body=body))
    assert "This text is 1.0\xa0MB of HTML; the limit is 512.0\xa0KB." in body_errors(response)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_body_over_the_size_limit_is_refused_with_its_size_and_what_to_do(editor_client):
    body = "<p>" + "Words of a very long report. " * 50_000 + "</p>"  # 1.4 MB
    response = editor_client.post(f"{ARTICLES}add/", article_form(body=body))
    message = body_errors(response)
    assert TOO_LARGE in message and "Split it into shorter pieces" in message
    assert not Article.objects.exists()


def test_text_a_few_bytes_over_the_limit_is_said_to_be_just_over_it(settings):
    with pytest.raises(RichTextRefused) as refused:
        check_rich_text("<p>" + "x" * (settings.RICHTEXT_MAX_BYTES - 3) + "</p>")
    assert refused.value.messages[0].startswith(
        "This text is just over 512.0\xa0KB of HTML; the limit is 512.0\xa0KB."
    )


@pytest.mark.django_db
def test_a_body_nested_too_deeply_is_refused_with_what_to_do(editor_client):
    response = editor_client.post(f"{ARTICLES}add/", article_form(body=nested(41)))
    message = body_errors(response)
    assert TOO_DEEP in message and "Paste it as plain text" in message
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_nesting_just_under_the_size_limit_is_refused_as_too_deep(editor_client):
    body = "<div>" * 45_000 + "x" + "</div>" * 45_000  # 0.47 MB
    response = editor_client.post(f"{ARTICLES}add/", article_form(body=body))
    assert TOO_DEEP in body_errors(response)


@pytest.mark.django_db
def test_a_body_nested_as_deeply_as_allowed_is_saved(editor_client):
    response = editor_client.post(f"{ARTICLES}add/", article_form(body=nested(39)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().body == "<p>deep</p>"


@pytest.mark.django_db
def test_a_contributor_editing_a_draft_gets_the_same_error(staff_client, staff_user):
    article = ArticleFactory(draft=True, authors=[staff_user.person])
    url = f"{ARTICLES}{article.pk}/change/"
    response = staff_client.post(url, form_data(staff_client.get(url), body=nested(60)))
    assert TOO_DEEP in body_errors(response)
    article.refresh_from_db()
    assert "deep" not in article.body


@pytest.mark.django_db
def test_a_biography_nested_too_deeply_is_refused_on_the_profile_form(staff_client, staff_user):
    url = f"/admin/people/person/{staff_user.person.pk}/change/"
    response = staff_client.post(url, form_data(staff_client.get(url), bio=nested(60, "span")))
    assert response.status_code == 200
    assert TOO_DEEP in " ".join(response.context["adminform"].form.errors["bio"])
    assert Person.objects.get(pk=staff_user.person.pk).bio == ""


# In the model layer, for every other way in --------------------------------------


@pytest.mark.django_db
def test_saving_text_nested_too_deeply_raises_a_validation_error_before_sanitising():
    article = ArticleFactory.build(body=nested(40_000))
    with pytest.raises(RichTextRefused, match=TOO_DEEP) as refused, transaction.atomic():
        article.save()
    assert refused.value.code == "rich_text_too_deep"
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_update_and_bulk_update_cannot_feed_the_sanitiser_nested_text():
    article = ArticleFactory()
    before = article.body
    with pytest.raises(RichTextRefused, match=TOO_DEEP), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(body=nested(1000))
    article.body = nested(1000)
    with pytest.raises(RichTextRefused, match=TOO_DEEP), transaction.atomic():
        Article.objects.bulk_update([article], ["body"])
    assert Article.objects.get().body == before


def test_the_limits_are_settings(settings):
    settings.RICHTEXT_MAX_BYTES = 100
    settings.RICHTEXT_MAX_DEPTH = 3
    with pytest.raises(RichTextRefused, match="nested more than 3 levels"):
        sanitize_html(nested(4))
    with pytest.raises(RichTextRefused) as refused:
        sanitize_html("<p>" + "x" * 100 + "</p>")
    assert "107\xa0bytes of HTML; the limit is 100\xa0bytes" in refused.value.messages[0]
    assert sanitize_html(nested(2)) == "<p>deep</p>"


# How the depth is measured ---------------------------------------------------------

EDITOR_OUTPUT = (
    '<h2 id="background">Background</h2><p>Text with <strong>bold <em>and '
    'italic</em></strong> and a <a href="https://example.org">link</a>.</p>'
    "<ul><li><p>Item</p><blockquote><p>Quoted<br>line</p></blockquote></li></ul>"
    '<figure><img src="/media/a.jpg" alt="A"><figcaption>Caption</figcaption></figure>'
)


def test_text_from_the_editor_measures_its_real_depth():
    assert nesting_depth(EDITOR_OUTPUT) == 4  # ul > li > blockquote > p
    assert nesting_depth(EDITOR_OUTPUT * 1000) == 4


def test_void_elements_and_elements_html_lets_authors_leave_open_do_not_add_up():
    assert nesting_depth("<br><img src=x><hr>" * 100) == 0
    assert nesting_depth("<p>One<p>Two<p>Three" * 100) == 1
    assert nesting_depth("<ul><li>One<li>Two</ul>" * 100) == 2
    assert nesting_depth("<ul><li><p>One</ul>" * 100) == 3
    assert nesting_depth("<h2>One<h3>Two</h2>" * 100) == 1
    assert nesting_depth("<DIV><Span>x</SPAN></div>" * 100) == 2


# Each repeated 50 times, these nest 50 or more levels deep in a browser; a count of
# opening and closing tags that ignored where they stand would see almost none.
TRICKS = {
    "end tags that close nothing": "<div></span>",
    "an end tag the parser ignores": "<span><div></span>",
    "an end tag inside an attribute": '<div title="</div>">',
    "a comment closed with --!>": "<!-- --!><div><!-- </div> -->",
    "a comment started inside a style": "<style><!--</style><div>-->",
    "an svg style that is not raw text": "<svg><style><!--</style>--><style>",
    "a form the parser keeps open": "<form><table></form></table></form>",
    "a select that ignores the style": (
        "<div><select><style><!--</style></select></div>--></select>"
    ),
    "a style inside an attribute": '<div title="<style>',
    "a Kelvin sign that is not a k": "<lin\u212a>",
    "a self-closing div": "<div/>",
    "an unquoted attribute with quotes in it": "<div a=b\"c'>",
}


@pytest.mark.parametrize("trick", TRICKS.values(), ids=TRICKS.keys())
def test_tricks_that_hide_nesting_from_a_simple_count_are_counted_deep(trick):
    html = trick * 50
    assert nesting_depth(html) >= 50
    with pytest.raises(RichTextRefused):
        sanitize_html(html)


def test_text_ending_inside_a_tag_counts_every_tag_after_it_as_open():
    assert nesting_depth('<p>Text</p><a title="' + "<div>" * 50) >= 50


# Against the parser itself: whatever the markup, the measured depth is never less than
# the depth of the tree html5ever (the sanitiser's parser) builds from it.

ORACLE_TAGS = set(
    "div span p li ul ol b i em strong a blockquote h2 h3 table tr td th tbody caption select "
    "option form button dl dd dt template object nobr code u section figure pre center".split()
)
_oracle = nh3.Cleaner(
    tags=ORACLE_TAGS, attributes={}, clean_content_tags=set(), strip_comments=True, link_rel=None
)
_ORACLE_TAG_RE = re.compile(r"<(/?)([a-z0-9]+)")


def parser_depth(html):
    """How deeply the sanitiser's parser nests `html`: the depth of its serialised tree."""
    depth = deepest = 0
    for slash, name in _ORACLE_TAG_RE.findall(_oracle.clean(html)):
        if name not in VOID_ELEMENTS:
            depth += -1 if slash else 1
            deepest = max(deepest, depth)
    return deepest


PIECES = [
    *(f"<{tag}>" for tag in sorted(ORACLE_TAGS)),
    *(f"</{tag}>" for tag in sorted(ORACLE_TAGS)),
    *"<!-- --> --!> <!--> <style> </style> <svg> </svg> <math> </math> <textarea> </textarea>"
    " <title> <noscript> <script> </script> <plaintext> <xmp> <iframe> <body> </body> </html>"
    " <col> <colgroup> <frameset> <br> </br> <img> <div/> <![CDATA[ ]]> <!x> </> <?x>".split(),
    '<div title="',
    '">',
    "'",
    '"',
    "x",
    " ",
    "</ x>",
    "<a href=x>",
    "<Table>",
    "<TD>",
    "<lin\u212a>",
    "<p\tid=x>",
    "</p >",
]
markup = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=markup, gadget=markup, repeat=st.integers(1, 60))
def test_the_measured_depth_is_never_less_than_the_parser_builds(prefix, gadget, repeat):
    html = prefix + gadget * repeat
    assert nesting_depth(html) >= parser_depth(html), html
