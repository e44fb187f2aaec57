"""Hostile rich text, sent around the editor, never reaches the database."""

import json

import pytest
from django.core import serializers
from django.core.management import call_command

from articles.models import Article, Update
from core.richtext import sanitize_html
from people.models import Person
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import PersonFactory
from tests.helpers.forms import form_data, management_form

pytestmark = pytest.mark.django_db

# Each must lose its active part; (payload, what must not survive, lower-cased).
BODIES = [
    ('<p><a href="jav&#x09;ascript:alert(1)">tab</a></p>', "script:"),
    ('<p><a href="jav&#x0A;ascript:alert(1)">newline</a></p>', "script:"),
    ('<p><a href="&#x6A;avascript:alert(1)">hex entity</a></p>', "script:"),
    ('<p><a href="\x01javascript:alert(1)">control char</a></p>', "script:"),
    ('<p><a href="vbscript:msgbox(1)">vb</a></p>', "vbscript"),
    ('<p><a href="data:text/html,&lt;script&gt;">data</a></p>', "data:"),
    ('<p style="background:url(javascript:alert(1))">style</p>', "style="),
    ('<math><mi xlink:href="javascript:alert(1)">m</mi></math>', "javascript"),
    ('<p><a href="https://ok.example" onmouseover="alert(1)">ok</a></p>', "onmouseover"),
    ("<form action=https://evil.example><input name=q></form>", "<form"),
    ("<object data=evil.swf></object>", "<object"),
    ("<base href=https://evil.example/>", "<base"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "<img"),
    ("<!--<img src=x onerror=alert(1)>-->", "onerror"),
]


@pytest.mark.parametrize(("body", "forbidden"), BODIES, ids=[b[1] for b in BODIES])
def test_a_crafted_admin_post_cannot_store_active_content(editor_client, body, forbidden):
    response = editor_client.post(f"{ARTICLES}add/", article_form(body=body))
    assert response.status_code == 302
    assert forbidden not in Article.objects.get().body.lower()


def test_a_staff_profile_bio_is_cleaned_when_posted_to_the_admin(staff_client, staff_user):
    person = staff_user.person
    page = staff_client.get(f"/admin/people/person/{person.pk}/change/")
    data = form_data(page, bio='<p>Bio<script>alert(1)</script><a href="javascript:x">l</a></p>')
    assert staff_client.post(f"/admin/people/person/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert "<script" not in person.bio and "javascript" not in person.bio


def test_a_fixture_cannot_smuggle_html_past_the_sanitiser(tmp_path):
    person = PersonFactory()
    (record,) = json.loads(serializers.serialize("json", [person]))
    record["fields"]["bio"] = '<p onclick="x()">Bio</p><script>alert(1)</script>'
    fixture = tmp_path / "hostile.json"
    fixture.write_text(json.dumps([record]))
    call_command("loaddata", str(fixture), verbosity=0)
    person.refresh_from_db()
    assert person.bio == "<p>Bio</p>"


def test_sanitising_twice_changes_nothing_so_restores_and_re_saves_are_stable():
    html = '<h2>Intro</h2><p>A <a href="https://x.example">link</a></p><h2>Intro</h2><ul><li>a</li></ul>'
    once = sanitize_html(html)
    assert sanitize_html(once) == once


def test_urls_in_an_update_become_links_only_for_safe_schemes(staff_client):
    body = "See javascript:alert(1) and https://example.org/report and data:text/html,x"
    assert staff_client.post("/updates/new/", {"body": body, "link": ""}).status_code == 302
    html = staff_client.get(Update.objects.get().get_absolute_url()).content.decode()
    assert 'href="https://example.org/report"' in html
    assert 'href="javascript' not in html and 'href="data' not in html


def test_an_update_link_must_be_http(staff_client):
    response = staff_client.post("/updates/new/", {"body": "x", "link": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "link" in response.context["form"].errors
    assert not Update.objects.exists()


def test_deeply_nested_html_is_a_form_error_not_seconds_of_sanitising(editor_client):
    body = "<div>" * 5000 + "<p>deep</p>" + "</div>" * 5000
    response = editor_client.post(f"{ARTICLES}add/", article_form(body=body))
    assert response.status_code == 200
    assert "nested more than 40 levels" in response.context["adminform"].form.errors["body"][0]
    assert not Article.objects.exists()


def test_person_links_refuse_script_urls(editor_client):
    person = PersonFactory()
    page = editor_client.get(f"/admin/people/person/{person.pk}/change/")
    data = (
        form_data(page)
        | management_form("links", 1)
        | {
            "links-0-label": "Site",
            "links-0-url": "javascript:alert(1)",
            "links-0-order": "0",
        }
    )
    response = editor_client.post(f"/admin/people/person/{person.pk}/change/", data)
    assert response.status_code == 200
    assert not Person.objects.get(pk=person.pk).links.exists()
