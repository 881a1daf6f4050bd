"""The outstanding-actions review: one page of actions and the counts beside every filter value.

Fast by construction: the page costs the same queries whatever the number of actions: the counts
(one SUM(CASE) pass grouped by ask, which also gives the total, and one for the organisation and
sector facets) and one page of rows with their related records eager-loaded. The three statements are
built once per shape of filters and reader, and run with each view's values (crm.services.prebuilt).
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Row,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    literal_column,
    null,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.models import (
    OUTSTANDING_STATUSES,
    Action,
    ActionStatus,
    Ask,
    Engagement,
    Organisation,
    Person,
    Priority,
    Role,
    Sector,
    User,
    action_organisations,
)
from crm.services import text_search
from crm.services.access import access_scope, visible
from crm.services.actions.filters import (
    ActionFilters,
    Due,
    OwedBy,
    Sort,
    all_but,
    conditions,
    due_condition,
    due_parameters,
    owed_by_condition,
    status_condition,
)
from crm.services.pagination import Page
from crm.services.prebuilt import prebuilt, shape_and_values

PRIORITY_RANK = case((Action.priority == Priority.HIGH, 0), (Action.priority == Priority.MEDIUM, 1), else_=2)


@dataclass(frozen=True)
class Option:
    """One value of a filter with many possible values (an officer, an organisation, an ask)."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class FilterCounts:
    """How many actions each filter value would give, the other filters staying as they are.

    total is the number of actions matching every filter (the list's own total). A status count is
    None when it was not counted: statuses neither chosen nor outstanding (done and cancelled actions
    pile up for ever, so counting them on every view would cost more every year). organisations and
    owing_organisations hold the 20 organisations with most actions; the owing ones are those owing
    the most actions in the current view.
    """

    total: int
    owed_by: dict[str, int]
    due: dict[str, int]
    status: dict[str, int | None]
    priority: dict[str, int]
    sectors: dict[str, int]
    organisations: list[Option]
    owing_organisations: list[Option]
    asks: list[Option]


# The organisation facets list this many organisations (those with most actions), not thousands.
TOP_ORGANISATIONS = 20
# Conditions evaluated row by row inside the count query; the rest restrict which rows it reads.
_COUNTED_FACETS = ("owed_by", "due", "status", "priority")


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass(frozen=True)
class _Review:
    """One view of the review: its filter conditions, and what the statements built from them are
    kept under (crm.services.prebuilt) and run with."""

    filters: ActionFilters
    user: User
    today: date
    conditions: dict[str, ColumnElement[bool]]
    key: tuple[Hashable, ...]  # the conditions' shape and names, and the reader's access scope
    values: dict[str, Any]  # the conditions' named parameters and today's dates

    @classmethod
    def of(cls, filters: ActionFilters, *, user: User, today: date) -> _Review:
        conds = conditions(filters, user=user, today=today)
        shape, values = shape_and_values(conds.values())
        key = (shape, tuple(conds), access_scope(user))
        return cls(filters, user, today, conds, key, values | due_parameters(today))


def review(
    *, filters: ActionFilters, user: User, today: date, number: int, per_page: int
) -> tuple[FilterCounts, Page[Action]]:
    """The count beside every filter value, and one page of the actions matching the filters."""
    view = _Review.of(filters, user=user, today=today)
    counts = _filter_counts(view)
    return counts, _list_actions(view, number=number, per_page=per_page, total=counts.total)


def _list_actions(view: _Review, *, number: int, per_page: int, total: int) -> Page[Action]:
    """One page of the actions matching the filters, in the chosen order, related records loaded.

    total is the number matching (FilterCounts.total, counted with the facets in the same pass), so
    the list costs one query for its rows rather than a COUNT over them as well. A page past the end
    shows the last page, as paginate() does.
    """
    number = min(number, max(1, math.ceil(total / per_page)))
    stmt = prebuilt(("actions-page", view.filters.sort, *view.key), lambda: _page_statement(view))
    page = {"page_size": per_page, "page_start": (number - 1) * per_page}
    items: list[Action] = list(db.session.scalars(stmt, view.values | page).unique())
    return Page(items=items, number=number, per_page=per_page, total=total)


def _page_statement(view: _Review) -> Select[Any]:
    """The page's actions, run with the page_size and page_start parameters."""
    order = _order(view.filters.sort, view.today)
    # Sort the matching ids alone, then load the page's 50 rows with their related records: sorting
    # thousands of narrow rows, not thousands of rows already joined to users and organisations.
    page_ids = visible(
        select(Action.id)
        .where(*view.conditions.values())
        .order_by(*order)
        .limit(bindparam("page_size"))
        .offset(bindparam("page_start")),
        Action,
        view.user,
    ).subquery("page_ids")
    return (
        select(Action)
        .join(page_ids, page_ids.c.id == Action.id)
        # Only the names the rows show (_row.html): the related records' other columns (an
        # organisation's summary, a user's password hash) would be read and turned into objects for
        # nothing.
        .options(
            joinedload(Action.owner_user).load_only(User.name),
            joinedload(Action.owner_organisation).load_only(Organisation.name),
            joinedload(Action.owner_person).load_only(Person.name),
            joinedload(Action.chaser).load_only(User.name),
            selectinload(Action.organisations).load_only(Organisation.name),
        )
        .order_by(*order)
    )


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


def _filter_counts(view: _Review) -> FilterCounts:
    """The count beside every filter value, in two queries whatever the data size.

    Each query reads only the rows every count it makes shares (the owner scope, the chosen and the
    outstanding statuses, ...), found through the owner, chaser and outstanding indexes, never the
    whole table. The owner facet has no counts beside the other owners: those would mean counting
    every outstanding action of everyone on every view.
    """
    total, scalars, asks = _scalar_and_ask_counts(view)
    sectors, organisations, owing = _organisation_counts(view)
    return FilterCounts(
        total=total,
        owed_by=scalars["owed_by"],
        due=scalars["due"],
        status=scalars["status"],
        priority=scalars["priority"],
        sectors=sectors,
        organisations=organisations,
        owing_organisations=owing,
        asks=asks,
    )


def _counted_statuses(filters: ActionFilters) -> tuple[ActionStatus, ...]:
    """The statuses the counts read: the chosen ones and the outstanding ones."""
    return tuple(s for s in ActionStatus if s in filters.statuses or s in OUTSTANDING_STATUSES)


def _scalar_and_ask_counts(view: _Review) -> tuple[int, dict[str, dict[str, Any]], list[Option]]:
    """The total, owed by, due, status and priority counts (SUM(CASE ...) columns) and the ask
    counts, in one pass: grouped by ask, so each ask's count is its group's total, and the other
    facets add up the groups of the chosen ask (or all of them)."""
    filters = view.filters
    counted_statuses = _counted_statuses(filters)
    stmt, keys = prebuilt(("actions-counts", *view.key), lambda: _scalar_and_ask_statement(view))
    result: dict[str, dict[str, Any]] = {
        "owed_by": {o.value: 0 for o in OwedBy},
        "due": {"any": 0, **{d.value: 0 for d in Due}},
        "status": {s.value: (0 if s in counted_statuses else None) for s in ActionStatus},
        "priority": {"any": 0, **{p.value: 0 for p in Priority}},
    }
    total = 0
    asks: list[Option] = []
    for row in db.session.execute(stmt, view.values):
        ask_id, group_total, *counts, title = row
        if ask_id and group_total:
            asks.append(Option(str(ask_id), title, int(group_total)))
        if filters.ask_id is not None and ask_id != filters.ask_id:
            continue
        total += int(group_total)
        for (facet, value), count in zip(keys, counts, strict=True):
            result[facet][value] += int(count)
    return total, result, asks


def _scalar_and_ask_statement(view: _Review) -> tuple[Select[Any], list[tuple[str, str]]]:
    """The statement, and the (facet, value) each of its count columns after the total is for."""
    filters, conds, today = view.filters, view.conditions, view.today
    counted_statuses = _counted_statuses(filters)
    counted = {name: cond for name, cond in conds.items() if name in _COUNTED_FACETS}
    if set(counted_statuses) == set(filters.statuses):
        del counted["status"]  # the WHERE clause already says it
    shared = [cond for name, cond in conds.items() if name not in _COUNTED_FACETS and name != "ask"]
    shared.append(status_condition(counted_statuses))
    facets: dict[str, list[tuple[str, ColumnElement[bool]]]] = {
        "owed_by": [(o.value, owed_by_condition(o)) for o in OwedBy],
        "due": [("any", true()), *((d.value, due_condition(d, today)) for d in Due)],
        "status": [(s.value, Action.status == s) for s in counted_statuses],
        "priority": [("any", true()), *((p.value, Action.priority == p) for p in Priority)],
    }
    columns = [_count_if(and_(true(), *counted.values())).label("total")]
    keys: list[tuple[str, str]] = []
    for facet, values in facets.items():
        others = all_but(counted, facet)
        for value, condition in values:
            columns.append(_count_if(others & condition).label(f"c{len(keys)}"))
            keys.append((facet, value))
    # Grouped by an expression, not the column: grouping by ask_id tempts SQLite into walking the
    # whole ask_id index instead of finding the few thousand rows through the owner indexes.
    ask_key = func.coalesce(Action.ask_id, 0).label("ask_id")
    grouped = visible(select(ask_key, *columns).where(*shared).group_by(ask_key), Action, view.user).subquery(
        "grouped"
    )
    stmt = (
        select(grouped, Ask.title)
        .outerjoin(Ask, Ask.id == grouped.c.ask_id)
        .order_by(Ask.framework_id, Ask.position, Ask.id)
    )
    return stmt, keys


def _organisation_counts(view: _Review) -> tuple[dict[str, int], list[Option], list[Option]]:
    """Sector counts, the organisations with most actions and those owing most, in one statement."""
    stmt = prebuilt(("actions-organisation-counts", *view.key), lambda: _organisation_statement(view))
    sectors = {sector.value: 0 for sector in Sector}
    found: dict[str, list[Option]] = {"organisation": [], "owing": []}
    for kind, organisation_id, name, count in db.session.execute(stmt, view.values):
        if kind == "sector":
            sectors[Sector(name).value] = int(count)
        else:
            found[kind].append(Option(str(organisation_id), name, int(count)))
    return sectors, _most_first(found["organisation"]), _most_first(found["owing"])


def _organisation_statement(view: _Review) -> CompoundSelect:
    """It starts from the filtered actions (every filter but organisation and sector, which become
    flags) and joins their organisation links, rather than building every link of every action."""
    conds, user = view.conditions, view.user
    flags: list[Any] = []
    if "organisation" in conds:
        flags.append(conds["organisation"].label("in_organisation"))
    if "sector" in conds:
        flags.append(conds["sector"].label("in_sector"))
    rest = [cond for name, cond in conds.items() if name not in ("organisation", "sector")]
    matching = visible(
        select(Action.id, Action.owner_organisation_id, *flags).where(*rest), Action, user
    ).cte("matching")

    def flag(name: str, table: Any) -> ColumnElement[bool]:
        return table.c[name] if name in table.c else true()

    linked = select(
        action_organisations.c.action_id, action_organisations.c.organisation_id, *_flag_columns(matching)
    ).join(matching, matching.c.id == action_organisations.c.action_id)
    owed = select(
        matching.c.id.label("action_id"),
        matching.c.owner_organisation_id.label("organisation_id"),
        *_flag_columns(matching),
    ).where(matching.c.owner_organisation_id.is_not(None))
    links = union_all(linked, owed).cte("links")

    top_linked = (
        select(
            links.c.organisation_id.label("organisation_id"),
            func.count(distinct(links.c.action_id)).label("n"),
        )
        .where(flag("in_sector", links))
        .group_by(links.c.organisation_id)
        .order_by(func.count(distinct(links.c.action_id)).desc(), links.c.organisation_id)
        .limit(TOP_ORGANISATIONS)
        .subquery("top_linked")
    )
    top_owing = (
        select(matching.c.owner_organisation_id.label("organisation_id"), func.count().label("n"))
        .where(
            matching.c.owner_organisation_id.is_not(None),
            flag("in_organisation", matching),
            flag("in_sector", matching),
        )
        .group_by(matching.c.owner_organisation_id)
        .order_by(func.count().desc(), matching.c.owner_organisation_id)
        .limit(TOP_ORGANISATIONS)
        .subquery("top_owing")
    )
    per_sector = (
        select(Organisation.sector.label("sector"), func.count(distinct(links.c.action_id)).label("n"))
        .select_from(links)
        .join(Organisation, Organisation.id == links.c.organisation_id)
        .where(flag("in_organisation", links))
        .group_by(Organisation.sector)
        .subquery("per_sector")
    )
    return union_all(
        select(
            literal_column("'organisation'").label("kind"), Organisation.id, Organisation.name, top_linked.c.n
        ).join(top_linked, top_linked.c.organisation_id == Organisation.id),
        select(literal_column("'owing'"), Organisation.id, Organisation.name, top_owing.c.n).join(
            top_owing, top_owing.c.organisation_id == Organisation.id
        ),
        select(
            literal_column("'sector'"),
            cast(null(), Integer),
            cast(per_sector.c.sector, String),
            per_sector.c.n,
        ),
    )


def _flag_columns(matching: Any) -> list[Any]:
    return [matching.c[name] for name in ("in_organisation", "in_sector") if name in matching.c]


def _most_first(options: list[Option]) -> list[Option]:
    return sorted(options, key=lambda option: (-option.count, option.label.lower(), option.value))


# --- Names for filters whose value is not among the counted options ---------------------------------


# Who can own or chase actions: active officers, leads and admins.
_ASSIGNABLE = (User.active.is_(True), User.role != Role.VIEWER)


def assignable_officers() -> list[User]:
    """Active users who can own or chase actions (officers, leads, admins), by name."""
    return list(db.session.scalars(select(User).where(*_ASSIGNABLE).order_by(User.name, User.id)))


def assignable_officer_names() -> list[Row[tuple[int, str]]]:
    """The same officers' ids and names only: what the review's selects show (no User objects)."""
    return list(
        db.session.execute(select(User.id, User.name).where(*_ASSIGNABLE).order_by(User.name, User.id))
    )


def organisations_named(typed: str, *, limit: int = 10) -> list[Organisation]:
    """Organisations to filter the review by, from a name typed into the filter panel.

    An exact match (ignoring case) wins outright; otherwise up to limit organisations whose name
    contains the text, by name. Archived organisations count: their actions are still listed.
    """
    lowered = typed.lower()
    exact = select(Organisation).where(func.lower(Organisation.name) == lowered)
    containing = select(Organisation).where(text_search.organisation_name_contains(lowered))
    found = list(db.session.scalars(exact.order_by(Organisation.name, Organisation.id).limit(2)))
    if len(found) == 1:
        return found
    return list(db.session.scalars(containing.order_by(Organisation.name, Organisation.id).limit(limit)))


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
