"""The organisations list: filters, search, sort, counts and one page of rows.

Contact dates come from engagements the user may read (crm.services.access), so an
OFFICIAL-SENSITIVE meeting never shows through a "last contact" date or a "no contact" filter.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    exists,
    func,
    literal,
    select,
    union_all,
)

from crm.extensions import db
from crm.models import (
    Engagement,
    Organisation,
    OrganisationAlias,
    RelationshipStatus,
    Role,
    Sector,
    Tag,
    User,
    engagement_organisations,
)
from crm.services.access import access_scope, visibility_clause
from crm.services.organisations.search import SearchPlan, SearchTerms, plan_search
from crm.services.pagination import Page
from crm.services.prebuilt import prebuilt

# "No contact in the last N days": the allowlisted values of N.
NO_CONTACT_DAYS = (30, 90, 180, 365)


class Sort(enum.StrEnum):
    """The orders the list offers (the value is the `sort` query argument)."""

    RELEVANCE = "relevance"
    NAME = "name"
    NAME_DESCENDING = "name-desc"
    RECENT_CONTACT = "recent-contact"
    QUIET = "quiet"
    UPDATED = "updated"

    @property
    def label(self) -> str:
        return {
            "relevance": "Best match",
            "name": "Name (A to Z)",
            "name-desc": "Name (Z to A)",
            "recent-contact": "Most recent contact",
            "quiet": "Longest without contact",
            "updated": "Recently changed",
        }[self.value]


class Archived(enum.StrEnum):
    """Whether archived organisations are listed (hidden unless asked for)."""

    HIDE = ""
    INCLUDE = "include"
    ONLY = "only"

    @property
    def label(self) -> str:
        return {"": "Current only", "include": "Current and archived", "only": "Archived only"}[self.value]


@dataclass(frozen=True)
class OrganisationFilters:
    """What the officer asked the list for, already checked against the allowlists."""

    terms: SearchTerms = field(default_factory=SearchTerms)
    sectors: tuple[Sector, ...] = ()
    statuses: tuple[RelationshipStatus, ...] = ()
    sub_type: str = ""
    tag: str = ""
    lead_officer_id: int | None = None
    country: str = ""
    no_contact_days: int | None = None
    archived: Archived = Archived.HIDE
    sort: Sort | None = None

    @property
    def effective_sort(self) -> Sort:
        """Best match when searching, else by name; relevance means nothing without a search."""
        if self.sort is None or (self.sort == Sort.RELEVANCE and not self.terms.searchable):
            return Sort.RELEVANCE if self.terms.searchable else Sort.NAME
        return self.sort


@dataclass(frozen=True)
class LeadOfficer:
    """An officer who leads at least one organisation, as the lead officer filter offers them."""

    id: int
    name: str


@dataclass(frozen=True)
class FilterOptions:
    """The values the open-ended filters may take (everything else is ignored)."""

    sub_types: list[str]
    countries: list[str]
    tags: list[str]
    lead_officers: list[LeadOfficer]


@dataclass(frozen=True)
class OrganisationRow:
    """What the list shows of one organisation, as plain values (a page of 50 costs a fraction of
    loading 50 ORM objects with their relationships)."""

    id: int
    name: str
    sub_type: str
    sector: Sector
    relationship_status: RelationshipStatus
    archived_at: datetime | None
    lead_officer_name: str | None
    other_names: tuple[str, ...]


@dataclass(frozen=True)
class OrganisationList:
    """A page of organisations with what the list shows beside them."""

    page: Page[OrganisationRow]
    last_contact: dict[int, datetime]
    sector_counts: dict[Sector, int]
    status_counts: dict[RelationshipStatus, int]


def filter_options() -> FilterOptions:
    """Sub-types, countries and tags in use, and the officers who lead an organisation.

    One query (a UNION ALL of (kind, value, label, tiebreak) rows), so the list page's statement
    count stays fixed and low; each kind comes back in display order.
    """
    rows = db.session.execute(prebuilt(("organisation-filter-options",), _filter_options_statement))
    found: dict[str, list[tuple[str, str]]] = {"sub_type": [], "country": [], "tag": [], "lead": []}
    for row_kind, row_value, row_label in rows:
        found[row_kind].append((row_value, row_label))
    return FilterOptions(
        sub_types=[value for value, _ in found["sub_type"]],
        countries=[value for value, _ in found["country"]],
        tags=[value for value, _ in found["tag"]],
        lead_officers=[LeadOfficer(id=int(value), name=label) for value, label in found["lead"]],
    )


def _filter_options_statement() -> Select[Any]:
    def kind(name: str) -> Any:
        return literal(name, String).label("kind")

    sub_type = _distinct_values(Organisation.sub_type, "sub_types").c.value
    country = _distinct_values(Organisation.country, "countries").c.value
    tiebreak = literal(0, Integer).label("tiebreak")
    sub_types = select(kind("sub_type"), sub_type.label("value"), sub_type.label("label"), tiebreak)
    countries = select(kind("country"), country, country, literal(0, Integer))
    tags = select(kind("tag"), Tag.name, Tag.name, literal(0, Integer))
    leads = select(kind("lead"), cast(User.id, String), User.name, User.id).where(
        User.id.in_(select(_distinct_values(Organisation.lead_officer_id, "lead_ids").c.value))
    )
    options = union_all(sub_types, countries, tags, leads).subquery("options")
    by = options.c
    return select(by.kind, by.value, by.label).order_by(by.kind, by.label, by.tiebreak, by.value)


def _distinct_values(column: Any, name: str) -> Any:
    """The column's distinct values, empty strings and NULL apart, as a subquery with a `value` column.

    A "loose index scan": each step seeks the column's index for the next larger value, so 20
    sub-types among 10,000 organisations cost 20 seeks instead of reading 10,000 index entries
    (about 0.7 ms each on SQLite) as GROUP BY does. Neither database does this by itself.
    """
    first = select(func.min(column).label("value")).where(column > _smallest(column))
    values = first.cte(name, recursive=True)
    following = select(func.min(column)).where(column > values.c.value).scalar_subquery()
    values = values.union_all(select(following).where(values.c.value.is_not(None)))
    return select(values.c.value).where(values.c.value.is_not(None)).subquery(f"{name}_found")


def _smallest(column: Any) -> Any:
    """A value below every value worth listing: '' for text (so empty strings are left out), 0 for ids."""
    return "" if isinstance(column.type, String) else 0


def list_organisations(
    *, filters: OrganisationFilters, user: User, now: datetime, number: int, per_page: int
) -> OrganisationList:
    """One page of the organisations matching the filters, in the chosen order, with counts.

    A fixed number of queries whatever the data: the typo candidates of a search (1 on SQLite, up to
    3 on PostgreSQL), the facet counts (1, which also give the total: see _facet_counts), the page
    (1), its other names (1) and its last contacts (1).
    """
    if filters.terms.given and not filters.terms.searchable:
        empty: Page[OrganisationRow] = Page(items=[], number=1, per_page=per_page, total=0)
        return OrganisationList(empty, {}, dict.fromkeys(Sector, 0), dict.fromkeys(RelationshipStatus, 0))
    plan = plan_search(filters.terms) if filters.terms.searchable else None
    sector_counts, status_counts = _facet_counts(filters, user=user, now=now, plan=plan)
    # Every organisation the filters match has one status, and the status counts apply every
    # other filter: the total is the sum over the chosen statuses (or all of them).
    chosen = filters.statuses or tuple(RelationshipStatus)
    total = sum(status_counts[status] for status in chosen)
    number = min(number, max(1, math.ceil(total / per_page)))
    stmt = (
        _filtered(filters, user=user, now=now, plan=plan, columns=_ROW_COLUMNS)
        .outerjoin(User, User.id == Organisation.lead_officer_id)
        .order_by(*_ordering(filters.effective_sort, plan, user=user, now=now))
        .limit(per_page)
        .offset((number - 1) * per_page)
    )
    rows = db.session.execute(stmt).all() if total else []
    other_names = _other_names([row.id for row in rows])
    items = [OrganisationRow(**row._asdict(), other_names=other_names.get(row.id, ())) for row in rows]
    return OrganisationList(
        page=Page(items=items, number=number, per_page=per_page, total=total),
        last_contact=last_contacts([row.id for row in rows], user=user, now=now),
        sector_counts=sector_counts,
        status_counts=status_counts,
    )


_ROW_COLUMNS = (
    Organisation.id,
    Organisation.name,
    Organisation.sub_type,
    Organisation.sector,
    Organisation.relationship_status,
    Organisation.archived_at,
    User.name.label("lead_officer_name"),
)


def _other_names(organisation_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Each organisation's other names, in name order (one query; none for an empty page)."""
    if not organisation_ids:
        return {}
    found: dict[int, list[str]] = {}
    rows = db.session.execute(
        select(OrganisationAlias.organisation_id, OrganisationAlias.name)
        .where(OrganisationAlias.organisation_id.in_(organisation_ids))
        .order_by(OrganisationAlias.organisation_id, OrganisationAlias.name, OrganisationAlias.id)
    )
    for organisation_id, name in rows:
        found.setdefault(organisation_id, []).append(name)
    return {organisation_id: tuple(names) for organisation_id, names in found.items()}


def last_contacts(organisation_ids: list[int], *, user: User, now: datetime) -> dict[int, datetime]:
    """The latest engagement (up to now) the user may read, for each organisation that has one."""
    if not organisation_ids:
        return {}
    key = ("organisation-last-contacts", access_scope(user))
    stmt = prebuilt(key, lambda: _last_contacts_statement(user))
    rows = db.session.execute(stmt, {"now": now, "organisation_ids": organisation_ids})
    return {int(org_id): when for org_id, when in rows if when is not None}


def _last_contacts_statement(user: User) -> Select[Any]:
    """last_contacts' SELECT, for readers with the user's access scope (parameters: now and
    organisation_ids)."""
    now = bindparam("now", type_=Engagement.starts_at.type)
    return select(Organisation.id, last_contact_expression(user, now)).where(
        Organisation.id.in_(bindparam("organisation_ids", expanding=True))
    )


def lead_officer_choices() -> list[User]:
    """Active users who can hold a relationship (officers, leads and admins), by name."""
    return list(
        db.session.scalars(
            select(User).where(User.active.is_(True), User.role != Role.VIEWER).order_by(User.name, User.id)
        )
    )


def _filtered(
    filters: OrganisationFilters,
    *,
    user: User,
    now: datetime,
    plan: SearchPlan | None,
    facet_filters: bool = True,
    columns: tuple[Any, ...] = (Organisation,),
) -> Select[Any]:
    stmt = select(*columns)
    if plan is not None:
        stmt = plan.join(stmt)
    conditions: list[ColumnElement[bool]] = []
    # facet_filters=False leaves out the sector and status filters (the facet counts apply them).
    if filters.sectors and facet_filters:
        conditions.append(Organisation.sector.in_(filters.sectors))
    if filters.statuses and facet_filters:
        conditions.append(Organisation.relationship_status.in_(filters.statuses))
    if filters.sub_type:
        conditions.append(Organisation.sub_type == filters.sub_type)
    if filters.tag:
        conditions.append(Organisation.tags.any(Tag.name == filters.tag))
    if filters.lead_officer_id is not None:
        conditions.append(Organisation.lead_officer_id == filters.lead_officer_id)
    if filters.country:
        conditions.append(Organisation.country == filters.country)
    if filters.no_contact_days is not None:
        since = now - timedelta(days=filters.no_contact_days)
        conditions.append(~contacted_between(since, now, user))
    if filters.archived == Archived.HIDE:
        conditions.append(Organisation.archived_at.is_(None))
    elif filters.archived == Archived.ONLY:
        conditions.append(Organisation.archived_at.is_not(None))
    return stmt.where(*conditions)


def contacted_between(since: datetime, until: datetime, user: User) -> ColumnElement[bool]:
    """Per organisation (correlated): an engagement the user may read starting at or after since and
    before until.

    SQLite runs it once per organisation, and seeks the organisation's links by their start
    (migration 0013): 109 -> 27 ms for "no contact in 90 days" at medium size. PostgreSQL turns it
    into one anti-join, best fed from the engagements' start-time index (33 ms, against 60 when it
    reads every link for their start)."""
    link = engagement_organisations
    starts_at = link.c.starts_at if db.session.get_bind().dialect.name == "sqlite" else Engagement.starts_at
    return exists().where(
        link.c.organisation_id == Organisation.id,
        starts_at >= since,
        starts_at < until,
        Engagement.id == link.c.engagement_id,
        visibility_clause(Engagement, user),
    )


def last_contact_expression(user: User, now: datetime | BindParameter[Any]) -> Any:
    """Per organisation (correlated), the start of its latest engagement up to `now` the user may read:
    its links newest first from the (organisation_id, starts_at) index, the first the user may read
    (usually the first link read; migration 0013)."""
    link = engagement_organisations
    return (
        select(link.c.starts_at)
        .join(Engagement, Engagement.id == link.c.engagement_id)
        .where(link.c.organisation_id == Organisation.id, link.c.starts_at <= now)
        .where(visibility_clause(Engagement, user))
        .order_by(link.c.starts_at.desc())
        .limit(1)
        .correlate(Organisation)
        .scalar_subquery()
    )


def _ordering(sort: Sort, plan: SearchPlan | None, *, user: User, now: datetime) -> list[Any]:
    by_name = [func.lower(Organisation.name), Organisation.id]
    if sort == Sort.RELEVANCE and plan is not None:
        return plan.relevance()
    if sort == Sort.NAME_DESCENDING:
        return [func.lower(Organisation.name).desc(), Organisation.id.desc()]
    if sort == Sort.RECENT_CONTACT:
        return [last_contact_expression(user, now).desc().nulls_last(), *by_name]
    if sort == Sort.QUIET:
        return [last_contact_expression(user, now).asc().nulls_first(), *by_name]
    if sort == Sort.UPDATED:
        return [Organisation.updated_at.desc(), Organisation.id.desc()]
    return by_name


def _facet_counts(
    filters: OrganisationFilters, *, user: User, now: datetime, plan: SearchPlan | None
) -> tuple[dict[Sector, int], dict[RelationshipStatus, int]]:
    """How many organisations each sector and each status would give, with every other filter
    applied.

    One pass: the organisations matching every filter but those two, counted by (sector, status).
    A sector's count is then its sum over the chosen statuses (all when none is chosen), and a
    status's count its sum over the chosen sectors, which is what applying "every other filter" to
    each facet means.
    """
    counted = _filtered(
        filters,
        user=user,
        now=now,
        plan=None,
        facet_filters=False,
        columns=(Organisation.sector, Organisation.relationship_status),
    )
    matching = (plan.restrict(counted) if plan is not None else counted).subquery()
    rows = db.session.execute(
        select(matching.c.sector, matching.c.relationship_status, func.count()).group_by(
            matching.c.sector, matching.c.relationship_status
        )
    )
    chosen_sectors = set(filters.sectors or Sector)
    chosen_statuses = set(filters.statuses or RelationshipStatus)
    sectors = dict.fromkeys(Sector, 0)
    statuses = dict.fromkeys(RelationshipStatus, 0)
    for sector, status, count in rows:
        if status in chosen_statuses:
            sectors[sector] += count
        if sector in chosen_sectors:
            statuses[status] += count
    return sectors, statuses
