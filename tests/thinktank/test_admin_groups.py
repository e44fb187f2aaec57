"""The admin home's sections, grouped by task in the order editors use them."""

from types import SimpleNamespace

import pytest
from django.contrib import admin

from thinktank.admin_groups import GROUPS, grouped


def listed(response):
    return [
        (group["name"], [model["model"]._meta.label for model in group["models"]])
        for group in response.context["app_list"]
    ]


@pytest.mark.django_db
def test_sections_come_in_task_order(superuser_client):
    groups = dict(listed(superuser_client.get("/admin/")))

    assert list(groups)[:4] == ["Publishing", "Newsletter", "History", "Accounts"]
    assert groups["Publishing"][:3] == ["articles.Article", "articles.Update", "articles.Series"]
    assert groups["Newsletter"] == ["newsletter.Subscriber", "newsletter.Mailing"]
    assert groups["History"][:3] == [
        "revisions.TrashedItem",
        "audit.AuditEvent",
        "tasks.BackgroundTask",
    ]
    assert groups["Accounts"][:2] == ["auth.User", "auth.Group"]
    assert "otp_totp.TOTPDevice" in groups["Accounts"]
    assert "axes.AccessAttempt" in groups["Accounts"]


@pytest.mark.django_db
def test_every_registered_model_is_listed_once(superuser_client):
    shown = [label for _name, labels in listed(superuser_client.get("/admin/")) for label in labels]

    registered = [model._meta.label for model in admin.site._registry]
    assert sorted(shown) == sorted(registered)


def test_a_model_named_nowhere_falls_into_other():
    stray = SimpleNamespace(_meta=SimpleNamespace(label_lower="strays.stray"))
    app_list = [{"models": [{"model": stray, "name": "Strays"}]}]

    assert [(group["name"], group["app_label"]) for group in grouped(app_list)] == [
        ("Other", "desk-other")
    ]


def test_models_not_yet_built_are_named_by_label():
    labels = [label for _name, members in GROUPS for label in members]
    assert {"redirects.Redirect", "pages.Page", "events.Event"} <= set(labels)


@pytest.mark.django_db
def test_an_app_page_still_lists_that_app_alone(superuser_client):
    response = superuser_client.get("/admin/articles/")

    assert [group["name"] for group in response.context["app_list"]] == ["Publishing"]
    assert response.context["app_list"][0]["app_label"] == "articles"


@pytest.mark.django_db
def test_group_headings_are_not_links_to_nowhere(superuser_client):
    page = superuser_client.get("/admin/").content.decode()

    assert '<span class="section">Publishing</span>' in page
    assert 'href=""' not in page
