"""How an event's time is named for readers: its zone's abbreviation and UTC offset."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events.display import time_range, zone_label
from tests.helpers.factories import EventFactory


@pytest.mark.parametrize(
    "zone, expected",
    [
        ("Asia/Karachi", "PKT (UTC+5)"),
        ("Asia/Kolkata", "IST (UTC+5:30)"),
        ("Asia/Kathmandu", "UTC+5:45"),  # no abbreviation: the offset alone, once
        ("America/Sao_Paulo", "UTC−3"),
        ("Europe/London", "GMT (UTC+0)"),
        ("UTC", "UTC"),
    ],
)
def test_zone_label(zone, expected):
    assert zone_label(datetime(2026, 12, 9, 9, 30, tzinfo=ZoneInfo(zone))) == expected


def test_summer_time_is_named_as_it_is_then():
    assert zone_label(datetime(2026, 7, 9, 9, 30, tzinfo=ZoneInfo("Europe/London"))) == (
        "BST (UTC+1)"
    )


def test_an_event_past_midnight_names_both_dates():
    start = datetime(2026, 12, 9, 18, 0, tzinfo=ZoneInfo("UTC"))  # 23:00 in Karachi
    event = EventFactory.build(starts_at=start, ends_at=start + timedelta(hours=2))
    assert time_range(event) == "9 December 2026, 23:00 – 10 December 2026, 01:00 PKT (UTC+5)"
