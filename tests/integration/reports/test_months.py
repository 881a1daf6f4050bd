"""The month helper buckets UTC timestamps by their London month on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Action, ActionStatus, Engagement
from crm.services.months import Period, date_month, london_month, month_key, months_between
from crm.timezones import to_london
from tests import factories

INSTANTS = [
    datetime(2025, 3, 30, 0, 59, tzinfo=UTC),  # a minute before BST begins: 00:59 GMT, March
    datetime(2025, 3, 31, 23, 30, tzinfo=UTC),  # BST: 00:30 on 1 April in London
    datetime(2025, 5, 31, 23, 0, tzinfo=UTC),  # exactly London midnight, 1 June
    datetime(2025, 5, 31, 22, 59, 59, tzinfo=UTC),  # still 31 May in London
    datetime(2025, 6, 30, 23, 30, tzinfo=UTC),  # BST: 1 July in London
    datetime(2025, 10, 26, 0, 30, tzinfo=UTC),  # 01:30 BST, before the clocks go back: October
    datetime(2025, 10, 31, 23, 30, tzinfo=UTC),  # GMT again: 31 October in London
    datetime(2025, 12, 31, 23, 30, tzinfo=UTC),  # GMT: still December in London
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 30, tzinfo=UTC),  # leap day, GMT
    datetime(2024, 8, 31, 23, 0, 0, 1, tzinfo=UTC),  # microseconds past London midnight
]


@pytest.mark.parametrize("instant", INSTANTS, ids=[i.isoformat() for i in INSTANTS])
def test_london_month_matches_python(app, instant):
    engagement = factories.EngagementFactory(starts_at=instant)
    bucket = db.session.scalar(
        select(london_month(Engagement.starts_at)).where(Engagement.id == engagement.id)
    )
    assert bucket == month_key(to_london(instant).date())


def test_date_month_of_a_date_column(app):
    officer = factories.UserFactory()
    action = factories.ActionFactory(
        owner_user=officer, status=ActionStatus.DONE, completed_on=date(2025, 12, 31)
    )
    assert (
        db.session.scalar(select(date_month(Action.completed_on)).where(Action.id == action.id)) == "2025-12"
    )


def test_a_period_is_whole_london_days():
    period = Period(start=date(2025, 6, 1), end=date(2025, 6, 30))
    assert period.starts_at == datetime(2025, 5, 31, 23, 0, tzinfo=UTC)
    assert period.ends_before == datetime(2025, 6, 30, 23, 0, tzinfo=UTC)
    assert Period(start=date(2025, 12, 1), end=date(2025, 12, 31)).ends_before == datetime(
        2026, 1, 1, tzinfo=UTC
    )
    assert months_between(date(2024, 11, 15), date(2025, 2, 1)) == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]
