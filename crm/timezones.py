"""Times are stored in UTC and shown in Europe/London."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def to_london(value: datetime) -> datetime:
    """A stored UTC time as the time on a London clock."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(LONDON)


def london_today(now: datetime | None = None) -> date:
    """Today's date in London (what "overdue" is measured against)."""
    return to_london(now or datetime.now(UTC)).date()
