"""The outstanding-actions review: one page of actions and the counts beside every filter value.

Fast by construction: the page costs the same queries whatever the number of actions (one SUM(CASE)
query for the fixed-choice filters, one GROUP BY each for owners, organisations, sectors and asks,
then a COUNT and one page of rows with their related records eager-loaded).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, distinct, func, literal, select, union
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.models import (
    Action,
    ActionStatus,
    Ask,
    Engagement,
    Organisation,
    Priority,
    Role,
    Sector,
    User,
    action_organisations,
)
from crm.services.access import visible
from crm.services.actions.filters import (
    ActionFilters,
    Due,
    OwedBy,
    Owner,
    Sort,
    all_but,
    conditions,
    due_condition,
    owed_by_condition,
    responsible_officer,
)
from crm.services.pagination import Page, paginate

PRIORITY_RANK = case((Action.priority == Priority.HIGH, 0), (Action.priority == Priority.MEDIUM, 1), else_=2)


@dataclass(frozen=True)
class Option:
    """One value of a filter with many possible values (an officer, an organisation, an ask)."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class FilterCounts:
    """How many actions each filter value would give, the other filters staying as they are."""

    owed_by: dict[str, int]
    owner: dict[str, int]
    officers: list[Option]
    owing_organisations: list[Option]
    due: dict[str, int]
    status: dict[str, int]
    priority: dict[str, int]
    sectors: dict[str, int]
    organisations: list[Option]
    asks: list[Option]


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def list_actions(
    *, filters: ActionFilters, user: User, today: date, number: int, per_page: int
) -> Page[Action]:
    """One page of the actions matching the filters, in the chosen order, related records loaded."""
    stmt = (
        select(Action)
        .where(*conditions(filters, user=user, today=today).values())
        .options(
            joinedload(Action.owner_user),
            joinedload(Action.owner_organisation),
            joinedload(Action.owner_person),
            joinedload(Action.chaser),
            joinedload(Action.ask),
            selectinload(Action.organisations),
        )
        .order_by(*_order(filters.sort, today))
    )
    return paginate(visible(stmt, Action, user), number=number, per_page=per_page)


def _order(sort: Sort, today: date) -> list[Any]:
    overdue_first = case((due_condition(Due.OVERDUE, today), 0), else_=1)
    no_due_date_last = case((Action.due_on.is_(None), 1), else_=0)
    by_due = [overdue_first, no_due_date_last, Action.due_on]
    if sort == Sort.PRIORITY:
        return [PRIORITY_RANK, *by_due, Action.id]
    if sort == Sort.UPDATED:
        return [Action.updated_at.desc(), Action.id.desc()]
    if sort == Sort.ORGANISATION:
        owing_name = (
            select(Organisation.name)
            .where(Organisation.id == Action.owner_organisation_id)
            .correlate(Action)
            .scalar_subquery()
        )
        first_linked_name = (
            select(func.min(Organisation.name))
            .join(action_organisations, action_organisations.c.organisation_id == Organisation.id)
            .where(action_organisations.c.action_id == Action.id)
            .correlate(Action)
            .scalar_subquery()
        )
        name = func.coalesce(owing_name, first_linked_name)
        return [case((name.is_(None), 1), else_=0), name, *by_due, Action.id]
    return [*by_due, PRIORITY_RANK, Action.id]


def filter_counts(*, filters: ActionFilters, user: User, today: date) -> FilterCounts:
    """The count beside every filter value, in five queries whatever the data size."""
    conds = conditions(filters, user=user, today=today)
    scalars = _scalar_counts(conds, user=user, today=today)
    owner, officers, owing = _owner_counts(conds, user=user)
    return FilterCounts(
        owed_by=scalars["owed_by"],
        owner=owner,
        officers=officers,
        owing_organisations=owing,
        due=scalars["due"],
        status=scalars["status"],
        priority=scalars["priority"],
        sectors=_sector_counts(conds, user=user),
        organisations=_organisation_counts(conds, user=user),
        asks=_ask_counts(conds, user=user),
    )


def _scalar_counts(
    conds: dict[str, ColumnElement[bool]], *, user: User, today: date
) -> dict[str, dict[str, int]]:
    """Owed by, due, status and priority: every value's count as one SUM(CASE ...) column."""
    facets: dict[str, list[tuple[str, ColumnElement[bool]]]] = {
        "owed_by": [(o.value, owed_by_condition(o)) for o in OwedBy],
        "due": [("any", literal(True)), *((d.value, due_condition(d, today)) for d in Due)],
        "status": [(s.value, Action.status == s) for s in ActionStatus],
        "priority": [("any", literal(True)), *((p.value, Action.priority == p) for p in Priority)],
    }
    columns, keys = [], []
    for facet, values in facets.items():
        others = all_but(conds, facet)
        for value, condition in values:
            columns.append(_count_if(others & condition))
            keys.append((facet, value))
    row = db.session.execute(visible(select(*columns).select_from(Action), Action, user)).one()
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for (facet, value), count in zip(keys, row, strict=True):
        result[facet][value] = int(count)
    return dict(result)


def _owner_counts(
    conds: dict[str, ColumnElement[bool]], *, user: User
) -> tuple[dict[str, int], list[Option], list[Option]]:
    """Counts per responsible officer and per owing organisation, grouped in the database; me, my
    team and anyone are sums of those groups."""
    officer_id = responsible_officer()
    stmt = (
        select(
            officer_id,
            User.name,
            User.team_id,
            Action.owner_organisation_id,
            Organisation.name,
            func.count(Action.id),
        )
        .select_from(Action)
        .outerjoin(User, User.id == officer_id)
        .outerjoin(Organisation, Organisation.id == Action.owner_organisation_id)
        .where(all_but(conds, "owner"))
        .group_by(officer_id, User.name, User.team_id, Action.owner_organisation_id, Organisation.name)
    )
    totals = {Owner.ME.value: 0, Owner.TEAM.value: 0, Owner.ANYONE.value: 0}
    officers: dict[int, list[Any]] = {}
    owing: dict[int, list[Any]] = {}
    for row_officer, officer_name, team_id, org_id, org_name, count in db.session.execute(
        visible(stmt, Action, user)
    ):
        totals[Owner.ANYONE.value] += count
        if row_officer == user.id:
            totals[Owner.ME.value] += count
        if row_officer == user.id or (user.team_id is not None and team_id == user.team_id):
            totals[Owner.TEAM.value] += count
        if row_officer is not None:
            officers.setdefault(row_officer, [officer_name or "", 0])[1] += count
        if org_id is not None:
            owing.setdefault(org_id, [org_name or "", 0])[1] += count
    for officer, (_, count) in officers.items():
        totals[f"user:{officer}"] = count
    for org, (_, count) in owing.items():
        totals[f"org:{org}"] = count
    return (
        totals,
        _options("user", officers),
        _options("org", owing),
    )


def _options(prefix: str, found: dict[int, list[Any]]) -> list[Option]:
    options = [Option(f"{prefix}:{key}", label, count) for key, (label, count) in found.items()]
    return sorted(options, key=lambda option: (option.label.lower(), option.value))


def _organisation_links() -> Any:
    """(action_id, organisation_id) for every organisation an action is linked to or owed by."""
    return union(
        select(
            action_organisations.c.action_id.label("action_id"),
            action_organisations.c.organisation_id.label("organisation_id"),
        ),
        select(Action.id.label("action_id"), Action.owner_organisation_id.label("organisation_id")).where(
            Action.owner_organisation_id.is_not(None)
        ),
    ).subquery("links")


def _organisation_counts(conds: dict[str, ColumnElement[bool]], *, user: User) -> list[Option]:
    links = _organisation_links()
    stmt = (
        select(Organisation.id, Organisation.name, func.count(distinct(Action.id)))
        .select_from(Action)
        .join(links, links.c.action_id == Action.id)
        .join(Organisation, Organisation.id == links.c.organisation_id)
        .where(all_but(conds, "organisation"))
        .group_by(Organisation.id, Organisation.name)
        .order_by(Organisation.name, Organisation.id)
    )
    return [Option(str(i), name, int(n)) for i, name, n in db.session.execute(visible(stmt, Action, user))]


def _sector_counts(conds: dict[str, ColumnElement[bool]], *, user: User) -> dict[str, int]:
    links = _organisation_links()
    stmt = (
        select(Organisation.sector, func.count(distinct(Action.id)))
        .select_from(Action)
        .join(links, links.c.action_id == Action.id)
        .join(Organisation, Organisation.id == links.c.organisation_id)
        .where(all_but(conds, "sector"))
        .group_by(Organisation.sector)
    )
    counts = {sector.value: 0 for sector in Sector}
    for sector, count in db.session.execute(visible(stmt, Action, user)):
        counts[Sector(sector).value] = int(count)
    return counts


def _ask_counts(conds: dict[str, ColumnElement[bool]], *, user: User) -> list[Option]:
    stmt = (
        select(Ask.id, Ask.title, func.count(Action.id))
        .select_from(Action)
        .join(Ask, Ask.id == Action.ask_id)
        .where(all_but(conds, "ask"))
        .group_by(Ask.id, Ask.title, Ask.framework_id, Ask.position)
        .order_by(Ask.framework_id, Ask.position, Ask.id)
    )
    return [Option(str(i), title, int(n)) for i, title, n in db.session.execute(visible(stmt, Action, user))]


# --- Names for filters whose value is not among the counted options ---------------------------------


def assignable_officers() -> list[User]:
    """Active users who can own or chase actions (officers, leads, admins), by name."""
    stmt = select(User).where(User.active.is_(True), User.role != Role.VIEWER).order_by(User.name, User.id)
    return list(db.session.scalars(stmt))


def describe_selection(filters: ActionFilters, *, user: User) -> dict[str, str]:
    """Names for the chosen officer, organisation, ask and engagement, for the "selected" tags.

    At most a few primary-key look-ups, whatever the data size; an engagement outside the user's
    access scope is described as not found, revealing nothing.
    """
    names: dict[str, str] = {}
    if filters.owner_user_id is not None:
        officer = db.session.get(User, filters.owner_user_id)
        names["owner"] = officer.name if officer else "Unknown officer"
    if filters.owner_organisation_id is not None:
        owing = db.session.get(Organisation, filters.owner_organisation_id)
        names["owner"] = owing.name if owing else "Unknown organisation"
    if filters.organisation_id is not None:
        organisation = db.session.get(Organisation, filters.organisation_id)
        names["organisation"] = organisation.name if organisation else "Unknown organisation"
    if filters.ask_id is not None:
        ask = db.session.get(Ask, filters.ask_id)
        names["ask"] = ask.title if ask else "Unknown ask"
    if filters.engagement_id is not None:
        stmt = select(Engagement.title).where(Engagement.id == filters.engagement_id)
        title: str | None = db.session.scalar(visible(stmt, Engagement, user))
        names["engagement"] = title if title is not None else "Engagement not found"
    return names
