"""Figures for the dashboard, each computed in the database.

The conditions are the actions review's own (crm.services.actions.filters), so every figure equals
the count on the /actions/ view it links to.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.models import (
    Action,
    ActionStatus,
    Engagement,
    Organisation,
    Role,
    User,
    action_organisations,
)
from crm.services.access import access_scope, visible
from crm.services.actions.filters import (
    Due,
    answered_for_by,
    due_condition,
    outstanding,
    responsible_officer,
)
from crm.services.figures_cache import Cached, cached
from crm.services.reports.figures import QuietFigures, QuietLine

ORGANISATION_BALANCE_ROWS = 20


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


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
    mine = Action.owner_user_id == user.id
    chasing = (Action.chaser_id == user.id) & Action.owner_organisation_id.is_not(None)
    stmt = select(
        _count_if(mine),
        _count_if(mine & due_condition(Due.OVERDUE, today)),
        _count_if(mine & due_condition(Due.THIS_WEEK, today)),
        _count_if(mine & (Action.status == ActionStatus.BLOCKED)),
        _count_if(chasing),
    ).where(outstanding(), mine | chasing)
    row = db.session.execute(visible(stmt, Action, user)).one()
    return MyActionCounts(*(int(value) for value in row))


@dataclass(frozen=True)
class OfficerCounts:
    """One officer's outstanding work, for a lead's team view."""

    user_id: int
    name: str
    owes: int
    owes_overdue: int
    chases: int
    chases_overdue: int


def shows_team_view(user: User) -> bool:
    """Leads see their team's figures; admins too (everyone's, when they are in no team)."""
    return user.has_role(Role.LEAD)


def team_counts(*, user: User, today: date) -> list[OfficerCounts] | None:
    """Outstanding and overdue actions per officer of the user's team (everyone's for an admin with
    no team), in two queries: the members, then one GROUP BY. None for a lead with no team."""
    if user.team_id is None and user.role != Role.ADMIN:
        return None
    members_stmt = select(User).where(User.active.is_(True), User.role != Role.VIEWER)
    officer = responsible_officer()
    owed_by_us = Action.owner_organisation_id.is_(None)
    overdue = due_condition(Due.OVERDUE, today)
    stmt = (
        select(
            officer,
            _count_if(owed_by_us),
            _count_if(owed_by_us & overdue),
            _count_if(~owed_by_us),
            _count_if(~owed_by_us & overdue),
        )
        .where(outstanding())
        .group_by(officer)
    )
    if user.team_id is not None:
        members_stmt = members_stmt.where(User.team_id == user.team_id)
    members = list(db.session.scalars(members_stmt.order_by(User.name, User.id)))
    if user.team_id is not None:
        # Only the team's rows are read: the owner and chaser indexes serve answered_for_by().
        stmt = stmt.where(answered_for_by([member.id for member in members]))
    figures: dict[int, tuple[int, ...]] = {
        int(row[0]): tuple(int(n) for n in row[1:])
        for row in db.session.execute(visible(stmt, Action, user))
        if row[0] is not None
    }
    return [
        OfficerCounts(member.id, member.name, *(int(n) for n in figures.get(member.id, (0, 0, 0, 0))))
        for member in members
    ]


@dataclass(frozen=True)
class OrganisationBalance:
    """Outstanding actions between us and one organisation, each way."""

    organisation_id: int
    name: str
    we_owe: int
    they_owe: int


def organisation_balance(*, user: User, limit: int = ORGANISATION_BALANCE_ROWS) -> list[OrganisationBalance]:
    """Per organisation: outstanding actions we owe them (linked to them, owed by us) against those
    they owe us; the busiest first. One query (a UNION ALL grouped by organisation)."""
    we_owe = visible(
        select(
            action_organisations.c.organisation_id.label("organisation_id"),
            literal(1).label("we"),
            literal(0).label("they"),
        )
        .select_from(Action)
        .join(action_organisations, action_organisations.c.action_id == Action.id)
        .where(outstanding(), Action.owner_organisation_id.is_(None)),
        Action,
        user,
    )
    they_owe = visible(
        select(
            Action.owner_organisation_id.label("organisation_id"),
            literal(0).label("we"),
            literal(1).label("they"),
        ).where(outstanding(), Action.owner_organisation_id.is_not(None)),
        Action,
        user,
    )
    links = union_all(we_owe, they_owe).subquery("links")
    we, they = func.sum(links.c.we), func.sum(links.c.they)
    stmt = (
        select(Organisation.id, Organisation.name, we, they)
        .join(links, links.c.organisation_id == Organisation.id)
        .group_by(Organisation.id, Organisation.name)
        .order_by((we + they).desc(), Organisation.name, Organisation.id)
        .limit(limit)
    )
    return [
        OrganisationBalance(org_id, name, int(we_count), int(they_count))
        for org_id, name, we_count, they_count in db.session.execute(stmt)
    ]


@dataclass(frozen=True)
class TeamFigures:
    """A lead's team figures: outstanding actions per officer, and per organisation each way."""

    officers: list[OfficerCounts] | None
    balance: list[OrganisationBalance]


def team_figures(*, user: User, today: date, refresh: bool = False) -> Cached[TeamFigures]:
    """team_counts and organisation_balance, kept a few minutes (crm.services.figures_cache): they
    count every outstanding action of the team. Keyed by access scope and team, so a lead never sees
    another team's figures or records outside their scope."""
    return cached(
        ["dashboard-team", access_scope(user), f"team-{user.team_id}", today.isoformat()],
        lambda: TeamFigures(team_counts(user=user, today=today), organisation_balance(user=user)),
        encode=lambda figures: {
            "officers": None
            if figures.officers is None
            else [[getattr(row, name) for name in _OFFICER_FIELDS] for row in figures.officers],
            "balance": [[getattr(row, name) for name in _BALANCE_FIELDS] for row in figures.balance],
        },
        decode=lambda data: TeamFigures(
            officers=None if data["officers"] is None else [OfficerCounts(*row) for row in data["officers"]],
            balance=[OrganisationBalance(*row) for row in data["balance"]],
        ),
        refresh=refresh,
    )


_OFFICER_FIELDS = ("user_id", "name", "owes", "owes_overdue", "chases", "chases_overdue")
_BALANCE_FIELDS = ("organisation_id", "name", "we_owe", "they_owe")


def longest_quiet(quiet: QuietFigures, count: int) -> list[QuietLine]:
    """The organisations silent longest (never contacted first, then the oldest last contact), from
    the quiet-relationships figures (kept in the figures cache, listed by sector for the report)."""
    never = datetime.min.replace(tzinfo=UTC)
    return heapq.nsmallest(
        count,
        quiet.lines,
        key=lambda line: (line.last_engagement_at is not None, line.last_engagement_at or never, line.name),
    )


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
