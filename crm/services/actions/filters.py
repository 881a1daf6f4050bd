"""What the outstanding-actions review is filtered and sorted by, and the SQL each choice means.

Every filter value comes from an allowlist: unknown values are dropped (and the page says so), so a
hand-edited or old bookmark never breaks the page. The same conditions are used for the list, the
counts beside each filter value, the dashboard figures and the reminder digest, so they always agree.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from flask import g
from sqlalchemy import BindParameter, and_, bindparam, func, literal, literal_column, or_, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.models import (
    OUTSTANDING_STATUSES,
    Action,
    ActionStatus,
    Organisation,
    Priority,
    Sector,
    User,
    action_organisations,
)
from crm.models.action import OUTSTANDING_SQL

# "Due this week" means due today or within the next seven days (the dashboard uses the same window).
DUE_SOON_DAYS = 7
MAX_ID_DIGITS = 9


class OwedBy(enum.StrEnum):
    """Who owes an action: us (an officer) or a partner (an organisation)."""

    EITHER = "either"
    US = "us"
    PARTNERS = "partners"

    @property
    def label(self) -> str:
        return {"either": "Either", "us": "Us", "partners": "Partners"}[self.value]


class Due(enum.StrEnum):
    """Due-date buckets. Overdue counts only outstanding actions (a done action is never overdue)."""

    OVERDUE = "overdue"
    THIS_WEEK = "this-week"
    LATER = "later"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "overdue": "Overdue",
            "this-week": "Due in the next 7 days",
            "later": "Due later",
            "none": "No due date",
        }[self.value]


class Sort(enum.StrEnum):
    """The orders the review can be sorted in."""

    DUE = "due"
    PRIORITY = "priority"
    ORGANISATION = "organisation"
    UPDATED = "updated"

    @property
    def label(self) -> str:
        return {
            "due": "Due date",
            "priority": "Priority",
            "organisation": "Organisation",
            "updated": "Last updated",
        }[self.value]


class Owner(enum.StrEnum):
    """Whose actions: the signed-in officer's, their team's, or anyone's (or a named one, see below)."""

    ME = "me"
    TEAM = "team"
    ANYONE = "anyone"

    @property
    def label(self) -> str:
        return {"me": "Me", "team": "My team", "anyone": "Anyone"}[self.value]


@dataclass(frozen=True)
class ActionFilters:
    """The review's filters and sort. The defaults are the signed-in officer's outstanding actions.

    owner is "me", "team", "anyone", "user:<id>" (an officer: actions they owe or chase) or
    "org:<id>" (an organisation: actions it owes).
    """

    owed_by: OwedBy = OwedBy.EITHER
    owner: str = Owner.ME.value
    due: Due | None = None
    statuses: tuple[ActionStatus, ...] = OUTSTANDING_STATUSES
    priority: Priority | None = None
    organisation_id: int | None = None
    sector: Sector | None = None
    ask_id: int | None = None
    engagement_id: int | None = None
    sort: Sort = Sort.DUE

    @property
    def owner_user_id(self) -> int | None:
        """The named officer of owner=user:<id>."""
        kind, _, value = self.owner.partition(":")
        return int(value) if kind == "user" else None

    @property
    def owner_organisation_id(self) -> int | None:
        """The owing organisation of owner=org:<id>."""
        kind, _, value = self.owner.partition(":")
        return int(value) if kind == "org" else None

    def to_args(self) -> dict[str, Any]:
        """Query arguments that reproduce these filters (defaults left out, so URLs stay short)."""
        default = ActionFilters()
        args: dict[str, Any] = {}
        if self.owed_by != default.owed_by:
            args["owed_by"] = self.owed_by.value
        if self.owner != default.owner:
            args["owner"] = self.owner
        if self.due is not None:
            args["due"] = self.due.value
        if set(self.statuses) != set(default.statuses):
            args["status"] = [status.value for status in ActionStatus if status in self.statuses]
        if self.priority is not None:
            args["priority"] = self.priority.value
        if self.organisation_id is not None:
            args["organisation"] = self.organisation_id
        if self.sector is not None:
            args["sector"] = self.sector.value
        if self.ask_id is not None:
            args["ask"] = self.ask_id
        if self.engagement_id is not None:
            args["engagement"] = self.engagement_id
        if self.sort != default.sort:
            args["sort"] = self.sort.value
        return args

    def but(self, **changes: Any) -> ActionFilters:
        """A copy with some filters changed (for "remove this filter" links and counts)."""
        return replace(self, **changes)


def parse_filters(args: Mapping[str, Any]) -> tuple[ActionFilters, list[str]]:
    """Filters from query arguments, and a note for each value that was not understood (ignored)."""
    ignored: list[str] = []

    def choice(name: str, enum_class: type[enum.StrEnum], label: str) -> Any:
        value = _first(args, name)
        if value == "":
            return None
        try:
            return enum_class(value)
        except ValueError:
            ignored.append(f'{label} "{value[:40]}" is not recognised, so it was ignored')
            return None

    def identifier(name: str, label: str) -> int | None:
        value = _first(args, name)
        if value == "":
            return None
        if value.isdigit() and len(value) <= MAX_ID_DIGITS:
            return int(value)
        ignored.append(f'{label} "{value[:40]}" is not recognised, so it was ignored')
        return None

    owner = _first(args, "owner") or Owner.ME.value
    if not _valid_owner(owner):
        ignored.append(f'Owner "{owner[:40]}" is not recognised, so your own actions are shown')
        owner = Owner.ME.value

    statuses: list[ActionStatus] = []
    for value in _all(args, "status"):
        try:
            status = ActionStatus(value)
        except ValueError:
            ignored.append(f'Status "{value[:40]}" is not recognised, so it was ignored')
            continue
        if status not in statuses:
            statuses.append(status)

    filters = ActionFilters(
        owed_by=choice("owed_by", OwedBy, "Owed by") or OwedBy.EITHER,
        owner=owner,
        due=choice("due", Due, "Due"),
        statuses=tuple(s for s in ActionStatus if s in statuses) or OUTSTANDING_STATUSES,
        priority=choice("priority", Priority, "Priority"),
        organisation_id=identifier("organisation", "Organisation"),
        sector=choice("sector", Sector, "Sector"),
        ask_id=identifier("ask", "Ask"),
        engagement_id=identifier("engagement", "Engagement"),
        sort=choice("sort", Sort, "Sort order") or Sort.DUE,
    )
    return filters, ignored


def _first(args: Mapping[str, Any], name: str) -> str:
    value = args.get(name, "")
    return str(value).strip() if value is not None else ""


def _all(args: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else ([args[name]] if name in args else [])
    return [str(value).strip() for value in values if str(value).strip()]


def _valid_owner(owner: str) -> bool:
    if owner in {o.value for o in Owner}:
        return True
    kind, _, value = owner.partition(":")
    return kind in {"user", "org"} and value.isdigit() and len(value) <= MAX_ID_DIGITS


# --- The SQL behind each filter ----------------------------------------------------------------
# What a request chooses (an officer, an organisation, today's date...) goes in as a named parameter,
# one name per meaning, so that the review's statements can be built once and run again with another
# request's values (crm.services.prebuilt.shape_and_values).


def responsible_officer() -> ColumnElement[int | None]:
    """The officer who answers for an action: its owner when we owe it, its chaser when a partner does.

    For grouping and display only: no index serves the expression, so filters use answered_for_by().
    """
    return func.coalesce(Action.owner_user_id, Action.chaser_id)


def answered_for_by(officers: int | list[int]) -> ColumnElement[bool]:
    """Actions an officer (an id) or any of several (a list of ids) answers for.

    The same rows as responsible_officer() == officer, written so that the owner and chaser indexes
    (ix_actions_owner_review, ix_actions_chaser_review) serve it. "Owed by
    a partner" is tested as owner_organisation_id IS NOT NULL (the same rows, by the table's check
    constraint), not owner_user_id IS NULL: SQLite takes that for an equality on the owner index and
    reads every partner-owed action through it (57 ms instead of 5 ms for a team at medium size).
    """
    if isinstance(officers, int):
        officer: BindParameter[int] = bindparam("officer_id", officers)
        return or_(
            Action.owner_user_id == officer,
            and_(Action.owner_organisation_id.is_not(None), Action.chaser_id == officer),
        )
    ids: BindParameter[list[int]] = bindparam("officer_ids", officers, expanding=True)
    return or_(
        Action.owner_user_id.in_(ids),
        and_(Action.owner_organisation_id.is_not(None), Action.chaser_id.in_(ids)),
    )


def outstanding() -> ColumnElement[bool]:
    """Open, in progress or blocked, written as the literal predicate of ix_actions_outstanding_due_on.

    PostgreSQL uses a partial index only when the query repeats its predicate with constants (bound
    parameters in a prepared statement's generic plan cannot prove it), so every query gets the
    literal form.
    """
    # Untyped: a Boolean literal column is compared with 1 on SQLite ("... IN (...) = 1"), which
    # neither matches the partial index nor lets an index on (owner, status, due_on) seek by status.
    return literal_column(f"{Action.__tablename__}.{OUTSTANDING_SQL}")


def status_condition(statuses: tuple[ActionStatus, ...]) -> ColumnElement[bool]:
    """SQL for the chosen statuses (the default, outstanding, as the partial index's literal)."""
    if set(statuses) == set(OUTSTANDING_STATUSES):
        return outstanding()
    return Action.status.in_(statuses)


def owed_by_condition(owed_by: OwedBy) -> ColumnElement[bool]:
    """SQL for an owed-by choice."""
    if owed_by == OwedBy.US:
        return Action.owner_organisation_id.is_(None)
    if owed_by == OwedBy.PARTNERS:
        return Action.owner_organisation_id.is_not(None)
    return true()


def due_parameters(today: date) -> dict[str, date]:
    """The values of due_condition()'s parameters: London's today and the end of "due this week"."""
    return {"today": today, "due_soon": today + timedelta(days=DUE_SOON_DAYS)}


def due_condition(due: Due, today: date) -> ColumnElement[bool]:
    """SQL for a due-date bucket, measured against London's today."""
    values = due_parameters(today)
    day: BindParameter[date] = bindparam("today", values["today"])
    soon: BindParameter[date] = bindparam("due_soon", values["due_soon"])
    if due == Due.OVERDUE:
        return and_(Action.due_on < day, outstanding())
    if due == Due.THIS_WEEK:
        return and_(Action.due_on >= day, Action.due_on <= soon)
    if due == Due.LATER:
        return Action.due_on > soon
    return Action.due_on.is_(None)


def team_member_ids(user: User) -> list[int]:
    """The ids of the user's team (just the user when they have no team), read once per request.

    A list rather than a subquery: PostgreSQL cannot turn "owner IN (subquery) OR chaser IN
    (subquery)" into index scans (it filtered all 105,000 outstanding actions at medium size), but
    does with the ids themselves (a BitmapOr of the owner and chaser indexes: 35 -> 10 ms).
    """
    if user.team_id is None:
        return [user.id]
    cache: dict[int, list[int]] = g.setdefault("team_member_ids", {})
    if user.team_id not in cache:
        cache[user.team_id] = list(db.session.scalars(select(User.id).where(User.team_id == user.team_id)))
    return cache[user.team_id]


def owner_condition(owner: str, user: User) -> ColumnElement[bool]:
    """SQL for an owner choice: me / team / anyone / user:<id> / org:<id>."""
    if owner == Owner.ANYONE:
        return true()
    if owner == Owner.ME:
        return answered_for_by(user.id)
    if owner == Owner.TEAM:
        return answered_for_by(team_member_ids(user))
    kind, _, value = owner.partition(":")
    if kind == "org":
        return Action.owner_organisation_id == bindparam("owing_organisation_id", int(value))
    return answered_for_by(int(value))


def organisation_condition(organisation_id: int) -> ColumnElement[bool]:
    """Actions linked to the organisation, or owed by it."""
    organisation: BindParameter[int] = bindparam("organisation_id", organisation_id)
    linked = (
        select(literal(1))
        .where(
            action_organisations.c.action_id == Action.id,
            action_organisations.c.organisation_id == organisation,
        )
        .correlate(Action)
        .exists()
    )
    return or_(Action.owner_organisation_id == organisation, linked)


def sector_condition(sector: Sector) -> ColumnElement[bool]:
    """Actions linked to, or owed by, an organisation of the sector."""
    # An alias, so that a query which itself joins organisations (the organisation counts) is not
    # correlated with this subquery by accident.
    linked_org, owing_org = aliased(Organisation), aliased(Organisation)
    chosen = bindparam("sector", sector, type_=Organisation.sector.type)
    linked = (
        select(literal(1))
        .where(
            action_organisations.c.action_id == Action.id,
            action_organisations.c.organisation_id == linked_org.id,
            linked_org.sector == chosen,
        )
        .correlate(Action)
        .exists()
    )
    owing = (
        select(literal(1))
        .where(owing_org.id == Action.owner_organisation_id, owing_org.sector == chosen)
        .correlate(Action)
        .exists()
    )
    return or_(linked, owing)


def conditions(filters: ActionFilters, *, user: User, today: date) -> dict[str, ColumnElement[bool]]:
    """One SQL condition per active filter, keyed by filter name (counts leave their own one out)."""
    result: dict[str, ColumnElement[bool]] = {
        "owed_by": owed_by_condition(filters.owed_by),
        "owner": owner_condition(filters.owner, user),
        "status": status_condition(filters.statuses),
    }
    if filters.due is not None:
        result["due"] = due_condition(filters.due, today)
    if filters.priority is not None:
        result["priority"] = Action.priority == bindparam(
            "priority", filters.priority, type_=Action.priority.type
        )
    if filters.organisation_id is not None:
        result["organisation"] = organisation_condition(filters.organisation_id)
    if filters.sector is not None:
        result["sector"] = sector_condition(filters.sector)
    if filters.ask_id is not None:
        result["ask"] = Action.ask_id == bindparam("ask_id", filters.ask_id)
    if filters.engagement_id is not None:
        result["engagement"] = Action.engagement_id == bindparam("engagement_id", filters.engagement_id)
    return result


def all_but(conds: dict[str, ColumnElement[bool]], facet: str) -> ColumnElement[bool]:
    """Every condition except one facet's own (a facet's counts show what choosing each value gives)."""
    return and_(true(), *(condition for name, condition in conds.items() if name != facet))
