"""Figures for the dashboard, each computed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.models import OUTSTANDING_STATUSES, Action, ActionStatus, Engagement, User
from crm.services.access import visible


@dataclass(frozen=True)
class MyActionCounts:
    """The signed-in officer's outstanding work."""

    outstanding: int
    overdue: int
    due_this_week: int
    blocked: int
    partner_to_chase: int


def my_action_counts(*, user: User, today: date) -> MyActionCounts:
    """Counts of the user's outstanding actions, in one query."""
    week_end = today + timedelta(days=7)
    mine = Action.owner_user_id == user.id
    chasing = (Action.chaser_id == user.id) & Action.owner_organisation_id.is_not(None)
    overdue = Action.due_on < today

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = select(
        count(mine),
        count(mine & overdue),
        count(mine & (Action.due_on >= today) & (Action.due_on <= week_end)),
        count(mine & (Action.status == ActionStatus.BLOCKED)),
        count(chasing),
    ).where(Action.status.in_(OUTSTANDING_STATUSES), mine | chasing)
    row = db.session.execute(visible(stmt, Action, user)).one()
    return MyActionCounts(*(int(value) for value in row))


def recent_engagements(*, user: User, now: datetime, limit: int = 10) -> list[Engagement]:
    """The latest engagements already held, newest first, with their organisations loaded."""
    stmt = (
        select(Engagement)
        .where(Engagement.starts_at <= now)
        .options(selectinload(Engagement.organisations))
        .order_by(Engagement.starts_at.desc(), Engagement.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(visible(stmt, Engagement, user)))


def upcoming_engagements(*, user: User, now: datetime, limit: int = 5) -> list[Engagement]:
    """Engagements still to come (meetings booked ahead), soonest first."""
    stmt = (
        select(Engagement)
        .where(Engagement.starts_at > now)
        .options(selectinload(Engagement.organisations))
        .order_by(Engagement.starts_at, Engagement.id)
        .limit(limit)
    )
    return list(db.session.scalars(visible(stmt, Engagement, user)))


def utc_now() -> datetime:
    """Now, in UTC (one place to read the clock, so tests can reason about it)."""
    return datetime.now(UTC)
