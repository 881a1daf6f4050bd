"""Times are stored in UTC and shown in Europe/London, in GOV.UK date style."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crm.template_helpers import london_datetime, long_date
from crm.timezones import london_today


def test_summer_times_are_shown_an_hour_ahead_of_utc():
    assert london_datetime(datetime(2026, 7, 1, 13, 5, tzinfo=UTC)) == "1 July 2026, 2:05pm"


def test_winter_times_are_shown_as_utc():
    assert london_datetime(datetime(2026, 1, 15, 9, 30, tzinfo=UTC)) == "15 January 2026, 9:30am"


def test_long_dates_follow_govuk_style():
    assert long_date(date(2026, 3, 3)) == "3 March 2026"
    assert long_date(None) == ""


def test_today_is_the_london_date_around_midnight():
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    assert london_today(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
