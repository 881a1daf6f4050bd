"""The organisations list: filters, search, sort, counts and one page of rows.

Contact dates come from engagements the user may read (crm.services.access), so an
OFFICIAL-SENSITIVE meeting never shows through a "last contact" date or a "no contact" filter.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, select
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
from crm.services.pagination import Page, paginate

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
class FilterOptions:
    """The values the open-ended filters may take (everything else is ignored)."""

    sub_types: list[str]
    countries: list[str]
    tags: list[str]
    lead_officers: list[User]


@dataclass(frozen=True)
class OrganisationList:
    """A page of organisations with what the list shows beside them."""

    page: Page[Organisation]
    last_contact: dict[int, datetime]
    sector_counts: dict[Sector, int]
    status_counts: dict[RelationshipStatus, int]


def filter_options() -> FilterOptions:
    """Sub-types, countries and tags in use, and the officers who lead an organisation."""
    sub_types = db.session.scalars(
        select(Organisation.sub_type)
        .where(Organisation.sub_type != "")
        .distinct()
        .order_by(Organisation.sub_type)
    )
    countries = db.session.scalars(
        select(Organisation.country)
        .where(Organisation.country != "")
        .distinct()
        .order_by(Organisation.country)
    )
    tags = db.session.scalars(select(Tag.name).order_by(Tag.name))
    leads = db.session.scalars(
        select(User)
        .where(
            User.id.in_(select(Organisation.lead_officer_id).where(Organisation.lead_officer_id.is_not(None)))
        )
        .order_by(User.name, User.id)
    )
    return FilterOptions(
        sub_types=list(sub_types), countries=list(countries), tags=list(tags), lead_officers=list(leads)
    )


def list_organisations(
    *, filters: OrganisationFilters, user: User, now: datetime, number: int, per_page: int
) -> OrganisationList:
    """One page of the organisations matching the filters, in the chosen order, with counts.

    A fixed number of queries whatever the data: facet counts (2), the typo candidates of a search
    (1), the count and the page (2), the page's aliases and tags (2), its last contacts (1).
    """
    if filters.terms.given and not filters.terms.searchable:
        empty: Page[Organisation] = Page(items=[], number=1, per_page=per_page, total=0)
        return OrganisationList(empty, {}, dict.fromkeys(Sector, 0), dict.fromkeys(RelationshipStatus, 0))
    plan = plan_search(filters.terms) if filters.terms.searchable else None
    stmt = (
        _filtered(filters, user=user, now=now, plan=plan)
        .options(
            joinedload(Organisation.lead_officer),
            selectinload(Organisation.aliases),
            selectinload(Organisation.tags),
        )
        .order_by(*_ordering(filters.effective_sort, plan, user=user, now=now))
    )
    page = paginate(stmt, number=number, per_page=per_page)
    return OrganisationList(
        page=page,
        last_contact=last_contacts([org.id for org in page.items], user=user, now=now),
        sector_counts=_counts(Organisation.sector, filters, user, now, plan, without="sectors"),
        status_counts=_counts(Organisation.relationship_status, filters, user, now, plan, without="statuses"),
    )


def last_contacts(organisation_ids: list[int], *, user: User, now: datetime) -> dict[int, datetime]:
    """The latest engagement (up to now) the user may read, for each organisation that has one."""
    if not organisation_ids:
        return {}
    link = engagement_organisations
    rows = db.session.execute(
        select(link.c.organisation_id, func.max(Engagement.starts_at))
        .join(Engagement, Engagement.id == link.c.engagement_id)
        .where(
            link.c.organisation_id.in_(organisation_ids),
            Engagement.starts_at <= now,
            visibility_clause(Engagement, user),
        )
        .group_by(link.c.organisation_id)
    )
    return {int(org_id): when for org_id, when in rows if when is not None}


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


def _counts(
    column: Any,
    filters: OrganisationFilters,
    user: User,
    now: datetime,
    plan: SearchPlan | None,
    *,
    without: str,
) -> dict[Any, int]:
    """How many organisations each value of column would give, with every other filter applied."""
    matching = _filtered(filters, user=user, now=now, plan=plan, without=without).subquery()
    rows = db.session.execute(select(matching.c[column.key], func.count()).group_by(matching.c[column.key]))
    counts = dict.fromkeys(column.type.enum_class, 0)
    counts.update({value: count for value, count in rows})
    return counts
