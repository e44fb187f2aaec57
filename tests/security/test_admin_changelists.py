"""No value of a date-hierarchy or list-filter parameter makes an admin list answer 500.

Generated over every ModelAdmin on the project's admin site: a new admin, date hierarchy or
filter is covered the moment it is registered. The test client re-raises any exception a
view lets escape, so a crash fails the test rather than hiding behind a status code.
"""

from datetime import UTC, datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent, record
from revisions.models import TrashedItem
from tests.helpers.factories import (
    ArticleFactory,
    EventFactory,
    PersonFactory,
    RegionFactory,
    RegistrationFactory,
    SubscriberFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
)
from tests.helpers.roles import client_for

pytestmark = pytest.mark.django_db

HOSTILE = [
    "99999999999999999999",  # past every integer type: OverflowError, not ValueError
    "-1",
    "0",
    "9999",  # the last year a datetime holds: the year after it does not exist
    "10000",
    "\x00",  # PostgreSQL refuses NUL in text
    "abc",
    "",
    "²",  # a digit to str.isdigit(), not to int()
    "٣",  # an Arabic-Indic three: int() reads it, the admin should not
    "1 ",
]
ROLES = ["superuser", "editor", "staff"]
# Lists only: a single-object screen (the home page's) redirects its list address to itself.
MODEL_ADMINS = {
    model._meta.label: model_admin
    for model, model_admin in admin.site._registry.items()
    if not getattr(model_admin, "single_object", False)
}


@pytest.fixture
def rows(db):
    """At least one row behind every list filter, so each one renders and runs its query."""
    topic, region = TopicFactory(), RegionFactory()
    author = PersonFactory(user=UserFactory())
    author.expertise.set([topic])
    article = ArticleFactory(authors=[author], topics=[topic], regions=[region], featured=True)
    UpdateFactory(author=author, topics=[topic])
    # Two events: a filter by event shows once there is a choice to make.
    RegistrationFactory(event=EventFactory(topics=[topic], regions=[region]))
    RegistrationFactory()
    SubscriberFactory(topics=[topic])
    SubscriberFactory(pending=True)
    deleter = UserFactory(is_staff=True, is_superuser=True)
    TrashedItem.objects.trash(ArticleFactory(), deleter)
    TrashedItem.objects.trash(PersonFactory(), None)
    record(deleter, AuditEvent.Action.PUBLISH, article)
    TOTPDevice.objects.create(user=deleter, name="phone", last_used_at=timezone.now())
    attempt = {"username": "x", "ip_address": "10.0.0.1", "user_agent": "t", "path_info": "/"}
    AccessAttempt.objects.create(**attempt, failures_since_start=9)
    AccessLog.objects.create(**attempt, logout_time=timezone.now())
    AccessFailureLog.objects.create(**attempt, locked_out=True)


def filter_parameters(model_admin):
    """Every query parameter the changelist's filters read, as their specs declare them."""
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    changelist = model_admin.get_changelist_instance(request)
    # A filter with nothing to offer is left out of filter_specs; the rows fixture must
    # give every filter something, or its parameters would go untested here.
    assert len(changelist.filter_specs) == len(model_admin.get_list_filter(request))
    return sorted({p for spec in changelist.filter_specs for p in spec.expected_parameters()})


def hostile_queries(model_admin):
    field = model_admin.date_hierarchy
    if field:
        year, month, day = f"{field}__year", f"{field}__month", f"{field}__day"
        for value in HOSTILE:
            yield {year: value}
            yield {year: "2024", month: value}
            yield {year: "2024", month: "2", day: value}
            yield {month: value}
            yield {day: value}
    for parameter in filter_parameters(model_admin):
        for value in HOSTILE:
            yield {parameter: value}


def changelist_url(model_admin):
    opts = model_admin.model._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(MODEL_ADMINS))
def test_no_filter_value_makes_a_changelist_fail(request, rows, label, role):
    model_admin = MODEL_ADMINS[label]
    client = client_for(request, role)
    url = changelist_url(model_admin)
    may_view = client.get(url).status_code == 200
    assert may_view or role != "superuser"
    failures = []
    for query in hostile_queries(model_admin):
        try:
            response = client.get(url, query)
        except Exception as error:  # the client re-raises what the view let escape
            failures.append((query, repr(error)))
            continue
        if not may_view:
            expected = response.status_code == 403
        elif response.status_code == 302:
            expected = response.url == f"{url}?{ERROR_FLAG}=1"
        else:
            expected = response.status_code in (200, 400)
        if not expected:
            failures.append((query, response.status_code))
    assert not failures, "\n".join(f"{query!r}: {what}" for query, what in failures)


@pytest.mark.parametrize("role", ["editor", "staff"])
def test_the_reported_huge_year_sends_editors_and_staff_back_to_the_full_list(request, rows, role):
    client = client_for(request, role)
    response = client.get("/admin/articles/article/?published_at__year=99999999999999999999")
    assert response.status_code == 302
    assert response.url == f"/admin/articles/article/?{ERROR_FLAG}=1"
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"published_at__year": "9999"},
        {"published_at__year": "9999", "published_at__month": "12"},
        {"published_at__year": "9999", "published_at__month": "12", "published_at__day": "31"},
    ],
)
def test_the_last_representable_year_lists_what_was_published_in_it(editor_client, query):
    late = ArticleFactory(title="Far future", published_at=datetime(9999, 12, 31, 12, tzinfo=UTC))
    ArticleFactory(title="This year")
    response = editor_client.get("/admin/articles/article/", query)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [late]


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
@pytest.mark.parametrize(
    "query",
    [
        {"published_at__year": "1", "published_at__month": "1", "published_at__day": "1"},
        {"published_at__year": "9999", "published_at__month": "12", "published_at__day": "31"},
    ],
)
def test_dates_at_the_ends_of_the_calendar_work_in_time_zones_far_from_utc(
    editor_client, zone, query
):
    ArticleFactory()
    with override_settings(TIME_ZONE=zone):
        response = editor_client.get("/admin/articles/article/", query)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_an_ordinary_date_drill_down_still_filters(editor_client):
    march = ArticleFactory(published_at=datetime(2024, 3, 5, 9, tzinfo=UTC))
    ArticleFactory(published_at=datetime(2024, 4, 5, 9, tzinfo=UTC))
    for query in (
        {"published_at__year": "2024", "published_at__month": "3"},
        {"published_at__year": "2024", "published_at__month": "3", "published_at__day": "5"},
    ):
        response = editor_client.get("/admin/articles/article/", query)
        assert list(response.context["cl"].result_list) == [march]
