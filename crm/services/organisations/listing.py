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
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    cast,
    exists,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.models import (
    Engagement,
    Organisation,
    RelationshipStatus,
    Role,
    Sector,
    Tag,
    User,
    engagement_organisations,
)
from crm.services.access import visibility_clause
from crm.services.organisations.search import SearchPlan, SearchTerms, plan_search
from crm.services.pagination import Page

# "No contact in the last N days": the allowlisted values of N.
NO_CONTACT_DAYS = (30, 90, 180, 365)
# Organisations with at least this many engagement links have their last contact found by walking
# the newest engagements (see last_contacts).
MANY_ENGAGEMENTS = 1000


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
class OrganisationList:
    """A page of organisations with what the list shows beside them."""

    page: Page[Organisation]
    last_contact: dict[int, datetime]
    sector_counts: dict[Sector, int]
    status_counts: dict[RelationshipStatus, int]


def filter_options() -> FilterOptions:
    """Sub-types, countries and tags in use, and the officers who lead an organisation.

    One query (a UNION ALL of (kind, value, label, tiebreak) rows), so the list page's statement
    count stays fixed and low; each kind comes back in display order.
    """

    def kind(name: str) -> Any:
        return literal(name, String).label("kind")

    sub_types = (
        select(
            kind("sub_type"),
            Organisation.sub_type.label("value"),
            Organisation.sub_type.label("label"),
            literal(0, Integer).label("tiebreak"),
        )
        .where(Organisation.sub_type != "")
        .group_by(Organisation.sub_type)
    )
    countries = (
        select(kind("country"), Organisation.country, Organisation.country, literal(0, Integer))
        .where(Organisation.country != "")
        .group_by(Organisation.country)
    )
    tags = select(kind("tag"), Tag.name, Tag.name, literal(0, Integer))
    leads = select(kind("lead"), cast(User.id, String), User.name, User.id).where(
        User.id.in_(select(Organisation.lead_officer_id).where(Organisation.lead_officer_id.is_not(None)))
    )
    options = union_all(sub_types, countries, tags, leads).subquery("options")
    by = options.c
    rows = db.session.execute(
        select(by.kind, by.value, by.label).order_by(by.kind, by.label, by.tiebreak, by.value)
    )
    found: dict[str, list[tuple[str, str]]] = {"sub_type": [], "country": [], "tag": [], "lead": []}
    for row_kind, row_value, row_label in rows:
        found[row_kind].append((row_value, row_label))
    return FilterOptions(
        sub_types=[value for value, _ in found["sub_type"]],
        countries=[value for value, _ in found["country"]],
        tags=[value for value, _ in found["tag"]],
        lead_officers=[LeadOfficer(id=int(value), name=label) for value, label in found["lead"]],
    )


def list_organisations(
    *, filters: OrganisationFilters, user: User, now: datetime, number: int, per_page: int
) -> OrganisationList:
    """One page of the organisations matching the filters, in the chosen order, with counts.

    A fixed number of queries whatever the data: the typo candidates of a search (1 on SQLite, up to
    3 on PostgreSQL), the facet counts (1, which also give the total: see _facet_counts), the page
    (1), its aliases and tags (2) and its last contacts (1).
    """
    if filters.terms.given and not filters.terms.searchable:
        empty: Page[Organisation] = Page(items=[], number=1, per_page=per_page, total=0)
        return OrganisationList(empty, {}, dict.fromkeys(Sector, 0), dict.fromkeys(RelationshipStatus, 0))
    plan = plan_search(filters.terms) if filters.terms.searchable else None
    sector_counts, status_counts = _facet_counts(filters, user=user, now=now, plan=plan)
    # Every organisation the filters match has one status, and the status counts apply every
    # filter but the status one: the total is the sum over the chosen statuses (or all of them).
    chosen = filters.statuses or tuple(RelationshipStatus)
    total = sum(status_counts[status] for status in chosen)
    number = min(number, max(1, math.ceil(total / per_page)))
    stmt = (
        _filtered(filters, user=user, now=now, plan=plan)
        .options(
            joinedload(Organisation.lead_officer),
            selectinload(Organisation.aliases),
            selectinload(Organisation.tags),
        )
        .order_by(*_ordering(filters.effective_sort, plan, user=user, now=now))
        .limit(per_page)
        .offset((number - 1) * per_page)
    )
    items = list(db.session.scalars(stmt).unique()) if total else []
    page = Page(items=items, number=number, per_page=per_page, total=total)
    return OrganisationList(
        page=page,
        last_contact=last_contacts([org.id for org in items], user=user, now=now),
        sector_counts=sector_counts,
        status_counts=status_counts,
    )


def last_contacts(organisation_ids: list[int], *, user: User, now: datetime) -> dict[int, datetime]:
    """The latest engagement (up to now) the user may read, for each organisation that has one.

    A correlated subquery per organisation (both databases then read each organisation's own
    engagement links through its index, instead of joining or hashing every engagement), which
    for an organisation with very many engagements walks the newest engagements instead.
    """
    if not organisation_ids:
        return {}
    link = engagement_organisations
    newest_linked = (
        select(Engagement.starts_at)
        .where(
            Engagement.starts_at <= now,
            visibility_clause(Engagement, user),
            select(literal(1))
            .where(link.c.engagement_id == Engagement.id, link.c.organisation_id == Organisation.id)
            .correlate_except(link)
            # OFFSET 0 keeps PostgreSQL from turning this into a join that reads every link first.
            .offset(0)
            .exists(),
        )
        .order_by(Engagement.starts_at.desc())
        .limit(1)
        .correlate(Organisation)
        .scalar_subquery()
    )
    last = case(
        (_has_many_engagements(), newest_linked),
        else_=_last_contact_expression(user, now),
    )
    rows = db.session.execute(select(Organisation.id, last).where(Organisation.id.in_(organisation_ids)))
    return {int(org_id): when for org_id, when in rows if when is not None}


def _has_many_engagements() -> ColumnElement[bool]:
    """True for an organisation with at least MANY_ENGAGEMENTS engagement links.

    Its latest engagement is then found fastest by walking engagements newest first (one in every
    200 or more is its own); for the others, by reading its links. Neither database can tell the
    two apart when planning a correlated subquery, so the query says which to do.
    """
    link = engagement_organisations
    return (
        select(literal(1))
        .where(link.c.organisation_id == Organisation.id)
        .offset(MANY_ENGAGEMENTS - 1)
        .limit(1)
        .correlate(Organisation)
        .exists()
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
    without: str = "",
) -> Select[Any]:
    stmt = select(Organisation)
    if plan is not None:
        stmt = plan.join(stmt)
    conditions: list[ColumnElement[bool]] = []
    if filters.sectors and without != "sectors":
        conditions.append(Organisation.sector.in_(filters.sectors))
    if filters.statuses and without != "statuses":
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
        conditions.append(~_contact_between(since, now, user))
    if filters.archived == Archived.HIDE:
        conditions.append(Organisation.archived_at.is_(None))
    elif filters.archived == Archived.ONLY:
        conditions.append(Organisation.archived_at.is_not(None))
    return stmt.where(*conditions)


def _contact_between(since: datetime, until: datetime, user: User) -> ColumnElement[bool]:
    link = engagement_organisations
    return exists().where(
        link.c.organisation_id == Organisation.id,
        Engagement.id == link.c.engagement_id,
        Engagement.starts_at >= since,
        Engagement.starts_at <= until,
        visibility_clause(Engagement, user),
    )


def _last_contact_expression(user: User, now: datetime) -> Any:
    link = engagement_organisations
    return (
        select(func.max(Engagement.starts_at))
        .join(link, link.c.engagement_id == Engagement.id)
        .where(link.c.organisation_id == Organisation.id, Engagement.starts_at <= now)
        .where(visibility_clause(Engagement, user))
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
        return [_last_contact_expression(user, now).desc().nulls_last(), *by_name]
    if sort == Sort.QUIET:
        return [_last_contact_expression(user, now).asc().nulls_first(), *by_name]
    if sort == Sort.UPDATED:
        return [Organisation.updated_at.desc(), Organisation.id.desc()]
    return by_name


def _facet_counts(
    filters: OrganisationFilters, *, user: User, now: datetime, plan: SearchPlan | None
) -> tuple[dict[Sector, int], dict[RelationshipStatus, int]]:
    """How many organisations each sector and each status would give, with every other filter
    applied (one query: the two GROUP BYs as a UNION ALL)."""
    by_sector = _filtered(filters, user=user, now=now, plan=plan, without="sectors").subquery("by_sector")
    by_status = _filtered(filters, user=user, now=now, plan=plan, without="statuses").subquery("by_status")
    rows = db.session.execute(
        union_all(
            select(literal("sector", String), cast(by_sector.c.sector, String), func.count()).group_by(
                by_sector.c.sector
            ),
            select(
                literal("status", String), cast(by_status.c.relationship_status, String), func.count()
            ).group_by(by_status.c.relationship_status),
        )
    )
    sectors = dict.fromkeys(Sector, 0)
    statuses = dict.fromkeys(RelationshipStatus, 0)
    for facet, value, count in rows:
        if facet == "sector":
            sectors[Sector(value)] = count
        else:
            statuses[RelationshipStatus(value)] = count
    return sectors, statuses
