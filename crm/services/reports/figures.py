"""The figures behind each report, every one computed in the database with GROUP BY.

Engagements and actions are read through the access scope, counts included: an officer's report
never counts an OFFICIAL-SENSITIVE record they may not read. Each query also returns whether any
counted record is OFFICIAL-SENSITIVE, so a page or file can show the highest marking it contains.
Months are London months (crm.services.months).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, distinct, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.models import (
    Action,
    ActionStatus,
    Ask,
    AuditEvent,
    Classification,
    Commitment,
    CommitmentStatus,
    Engagement,
    Framework,
    Organisation,
    RelationshipStatus,
    Sector,
    Team,
    User,
    engagement_organisations,
)
from crm.services.access import visible
from crm.services.actions.filters import outstanding
from crm.services.months import Period, add_months, date_month, london_midnight, london_month, month_key
from crm.services.organisations.listing import contacted_between, last_contact_expression
from crm.services.scorecard.matrix import technology_companies

QUIET_AFTER_DAYS = 90

# How far along an ask a status is, for "moved up" and "moved down". Declining is the lowest.
STATUS_RANK = {
    CommitmentStatus.DECLINED: 0,
    CommitmentStatus.NOT_ENGAGED: 1,
    CommitmentStatus.IN_DISCUSSION: 2,
    CommitmentStatus.COMMITTED: 3,
    CommitmentStatus.IN_PROGRESS: 4,
    CommitmentStatus.DELIVERED: 5,
}


def _marking(any_sensitive: bool) -> Classification:
    return Classification.OFFICIAL_SENSITIVE if any_sensitive else Classification.OFFICIAL


def _sector_order() -> ColumnElement[int]:
    """Sectors in the product's order (technology first), not alphabetically by stored value."""
    return case(
        {sector.value: index for index, sector in enumerate(Sector)}, value=Organisation.sector, else_=99
    )


def _sensitive(model: type[Engagement] | type[Action]) -> ColumnElement[int]:
    """1 for an OFFICIAL-SENSITIVE row, else 0 (max() over a group says whether it holds one)."""
    return func.max(case((model.classification == Classification.OFFICIAL_SENSITIVE, 1), else_=0))


@dataclass(frozen=True)
class Series:
    """One line of figures across the months."""

    label: str
    values: list[int]


@dataclass(frozen=True)
class MonthlyFigures:
    """Figures per London month for each series."""

    months: list[str]
    series: list[Series]
    marking: Classification


def engagements_by_sector(*, user: User, period: Period) -> MonthlyFigures:
    """Engagements per sector per month: one count per engagement and sector that took part."""
    month = london_month(Engagement.starts_at)
    stmt = (
        select(month, Organisation.sector, func.count(distinct(Engagement.id)), _sensitive(Engagement))
        .select_from(Engagement)
        .join(engagement_organisations, engagement_organisations.c.engagement_id == Engagement.id)
        .join(Organisation, Organisation.id == engagement_organisations.c.organisation_id)
        .where(Engagement.starts_at >= period.starts_at, Engagement.starts_at < period.ends_before)
        .group_by(month, Organisation.sector)
    )
    counts: dict[tuple[str, Sector], int] = {}
    any_sensitive = False
    for key, sector, count, sensitive in db.session.execute(visible(stmt, Engagement, user)):
        counts[(key, Sector(sector))] = int(count)
        any_sensitive = any_sensitive or bool(sensitive)
    months = period.months
    series = [Series(sector.label, [counts.get((key, sector), 0) for key in months]) for sector in Sector]
    return MonthlyFigures(months=months, series=series, marking=_marking(any_sensitive))


def actions_opened_and_closed(*, user: User, period: Period) -> MonthlyFigures:
    """Actions raised per month (by when they were created) and completed per month (by completion
    date). Cancelled actions carry no completion date, so "closed" counts actions marked done."""
    opened_month = london_month(Action.created_at)
    opened = select(opened_month, func.count(Action.id), _sensitive(Action)).where(
        Action.created_at >= period.starts_at, Action.created_at < period.ends_before
    )
    closed_month = date_month(Action.completed_on)
    closed = select(closed_month, func.count(Action.id), _sensitive(Action)).where(
        Action.status == ActionStatus.DONE,
        Action.completed_on >= period.start,
        Action.completed_on <= period.end,
    )
    any_sensitive = False
    series = []
    for label, stmt, month in (("Opened", opened, opened_month), ("Closed (done)", closed, closed_month)):
        counts: dict[str, int] = {}
        for key, count, sensitive in db.session.execute(visible(stmt.group_by(month), Action, user)):
            counts[key] = int(count)
            any_sensitive = any_sensitive or bool(sensitive)
        series.append(Series(label, [counts.get(key, 0) for key in period.months]))
    return MonthlyFigures(months=period.months, series=series, marking=_marking(any_sensitive))


@dataclass(frozen=True)
class OverdueLine:
    """One officer's overdue actions: owed by them, or owed by a partner they chase."""

    team: str | None
    officer_id: int
    officer: str
    overdue: int


@dataclass(frozen=True)
class OverdueFigures:
    lines: list[OverdueLine]
    marking: Classification

    @property
    def total(self) -> int:
        return sum(line.overdue for line in self.lines)


def overdue_actions(*, user: User, today: date) -> OverdueFigures:
    """Outstanding actions past their due date, per team and officer (owner, or chaser for partners)."""
    officer_id = func.coalesce(Action.owner_user_id, Action.chaser_id)
    stmt = (
        select(Team.name, User.id, User.name, func.count(Action.id), _sensitive(Action))
        .select_from(Action)
        .join(User, User.id == officer_id)
        .outerjoin(Team, Team.id == User.team_id)
        .where(outstanding(), Action.due_on < today)
        .group_by(Team.id, Team.name, User.id, User.name)
        .order_by(Team.name.nulls_last(), User.name, User.id)
    )
    lines, any_sensitive = [], False
    for team, user_id, name, count, sensitive in db.session.execute(visible(stmt, Action, user)):
        lines.append(OverdueLine(team=team, officer_id=user_id, officer=name, overdue=int(count)))
        any_sensitive = any_sensitive or bool(sensitive)
    return OverdueFigures(lines=lines, marking=_marking(any_sensitive))


@dataclass(frozen=True)
class SectorQuiet:
    sector: Sector
    quiet: int
    organisations: int


def _in_scope_organisations() -> list[ColumnElement[bool]]:
    """The organisations the quiet relationships cover: not archived, relationship not closed."""
    return [
        Organisation.archived_at.is_(None),
        Organisation.relationship_status != RelationshipStatus.CLOSED,
    ]


@dataclass(frozen=True)
class QuietLine:
    """One organisation gone quiet, as the report lists it."""

    organisation_id: int
    name: str
    sector: Sector
    last_engagement_at: datetime | None


@dataclass(frozen=True)
class QuietFigures:
    """The quiet relationships report's figures: counts by sector, and every organisation gone quiet
    in the report's order (sector, then name)."""

    days: int
    by_sector: list[SectorQuiet]
    lines: Sequence[QuietLine]

    @property
    def total(self) -> int:
        return sum(line.quiet for line in self.by_sector)


def quiet_relationship_figures(*, user: User, today: date, days: int = QUIET_AFTER_DAYS) -> QuietFigures:
    """Relationships gone quiet: organisations (not archived, relationship not closed) with no
    engagement the user may read from `days` days ago to the end of today; booked meetings still to
    come do not count as contact. Two queries: the organisations in scope counted by sector (from the
    sector and status index), and the quiet ones, each with its last contact. Both the window and
    the last contact are read from each organisation's links by their start (migration 0013), not
    found by grouping every organisation's whole history (at large size, 3.3 million engagement
    links took about 11 s to group on SQLite)."""
    cutoff = london_midnight(today - timedelta(days=days))
    contacted = contacted_between(cutoff, london_midnight(today + timedelta(days=1)), user)
    # Nothing the user may read falls between the cutoff and the end of today for a quiet
    # organisation, so its latest engagement up to the cutoff is its latest up to today.
    last_at = last_contact_expression(user, cutoff)
    quiet_stmt = (
        select(Organisation.id, Organisation.name, Organisation.sector, last_at)
        .where(*_in_scope_organisations(), ~contacted)
        .order_by(_sector_order(), func.lower(Organisation.name), Organisation.id)
    )
    lines = [
        QuietLine(organisation_id, name, Sector(sector_value), last)
        for organisation_id, name, sector_value, last in db.session.execute(quiet_stmt)
    ]
    totals_stmt = (
        select(Organisation.sector, func.count())
        .where(*_in_scope_organisations())
        .group_by(Organisation.sector)
    )
    totals = {Sector(sector): int(count) for sector, count in db.session.execute(totals_stmt)}
    quiet = Counter(line.sector for line in lines)
    by_sector = [SectorQuiet(sector=s, quiet=quiet[s], organisations=totals.get(s, 0)) for s in Sector]
    return QuietFigures(days=days, by_sector=by_sector, lines=lines)


@dataclass(frozen=True)
class MonthComparison:
    """Engagements held this London month so far, and in the whole of last month."""

    this_month: int
    last_month: int
    this_month_key: str
    last_month_key: str

    @property
    def change(self) -> int:
        return self.this_month - self.last_month


def engagements_this_month_vs_last(*, user: User, today: date) -> MonthComparison:
    """Engagements the user may read: this month up to the end of today, and all of last month (one query)."""
    this_start = london_midnight(today.replace(day=1))
    last_start = london_midnight(add_months(today.replace(day=1), -1))
    today_ends = london_midnight(today + timedelta(days=1))
    this_month = func.coalesce(func.sum(case((Engagement.starts_at >= this_start, 1), else_=0)), 0)
    last_month = func.coalesce(func.sum(case((Engagement.starts_at < this_start, 1), else_=0)), 0)
    stmt = select(this_month, last_month).where(
        Engagement.starts_at >= last_start, Engagement.starts_at < today_ends
    )
    this_count, last_count = db.session.execute(visible(stmt, Engagement, user)).one()
    return MonthComparison(
        this_month=int(this_count),
        last_month=int(last_count),
        this_month_key=month_key(today),
        last_month_key=month_key(add_months(today.replace(day=1), -1)),
    )


@dataclass(frozen=True)
class AskMovement:
    """Cells of one ask whose status changed in the period: where they ended against where they began."""

    ask: Ask
    up: int
    down: int
    back_where_they_started: int


def _rank(status: ColumnElement[str | None]) -> ColumnElement[int]:
    return case({value.value: rank for value, rank in STATUS_RANK.items()}, value=status, else_=literal(1))


def scorecard_movement(*, framework: Framework, period: Period) -> list[AskMovement]:
    """For each ask, how many technology companies' cells moved up or down over the period.

    From the Commitment audit events in the period: per cell, the status before its first change
    (not engaged when the commitment was created in the period) against the status after its last.
    Two statuses are compared by STATUS_RANK. One query (the framework's asks are already loaded).
    """
    # A commitment first recorded as "not engaged" has not moved (a missing row already meant that).
    status_changed = or_(
        and_(
            AuditEvent.event == "create",
            AuditEvent.changes["status"].as_string() != CommitmentStatus.NOT_ENGAGED.value,
        ),
        AuditEvent.changes[("status", 1)].as_string().is_not(None),
    )
    per_cell = (
        select(
            AuditEvent.entity_id.label("commitment_id"),
            func.min(AuditEvent.id).label("first_id"),
            func.max(AuditEvent.id).label("last_id"),
        )
        .where(
            AuditEvent.entity_type == "Commitment",
            AuditEvent.event.in_(("create", "update")),
            AuditEvent.occurred_at >= period.starts_at,
            AuditEvent.occurred_at < period.ends_before,
            status_changed,
        )
        .group_by(AuditEvent.entity_id)
        .subquery()
    )
    first, last = aliased(AuditEvent), aliased(AuditEvent)
    before = case(
        (first.event == "create", literal(CommitmentStatus.NOT_ENGAGED.value)),
        else_=first.changes[("status", 0)].as_string(),
    )
    after = case(
        (last.event == "create", last.changes["status"].as_string()),
        else_=last.changes[("status", 1)].as_string(),
    )
    moves = (
        select(
            Commitment.ask_id.label("ask_id"),
            case(
                (_rank(after) > _rank(before), literal("up")),
                (_rank(after) < _rank(before), literal("down")),
                else_=literal("same"),
            ).label("direction"),
        )
        .select_from(per_cell)
        .join(first, first.id == per_cell.c.first_id)
        .join(last, last.id == per_cell.c.last_id)
        .join(Commitment, Commitment.id == per_cell.c.commitment_id)
        .join(Ask, Ask.id == Commitment.ask_id)
        .join(Organisation, Organisation.id == Commitment.organisation_id)
        .where(and_(Ask.framework_id == framework.id, *technology_companies()))
        .subquery()
    )
    counted: dict[tuple[int, str], int] = {
        (ask_id, direction): int(count)
        for ask_id, direction, count in db.session.execute(
            select(moves.c.ask_id, moves.c.direction, func.count()).group_by(
                moves.c.ask_id, moves.c.direction
            )
        )
    }
    return [
        AskMovement(
            ask=ask,
            up=counted.get((ask.id, "up"), 0),
            down=counted.get((ask.id, "down"), 0),
            back_where_they_started=counted.get((ask.id, "same"), 0),
        )
        for ask in framework.asks
    ]
