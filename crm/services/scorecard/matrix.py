"""The scorecard grid: technology companies down, a framework's asks across, one commitment per cell.

The page shows one page of companies (ORDER BY, LIMIT and OFFSET in the database) and costs a fixed
number of queries whatever the number of companies: one COUNT of the companies that match, one for
the page of companies (with their lead officers and the number of asks each has delivered), one for
the commitments of those companies, one GROUP BY for the summary row, which covers every company that
matches, not only the page. Exports take every company that matches. A company with no Commitment
row for an ask is "not engaged" on it: rows are created the first time someone records a position.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from crm.extensions import db
from crm.models import (
    FIVE_ASKS_KEY,
    Ask,
    Commitment,
    CommitmentStatus,
    Framework,
    Organisation,
    Sector,
    User,
)
from crm.services.frameworks import get_framework
from crm.services.organisations.listing import LeadOfficer
from crm.services.pagination import Page, paginate

# A position not reviewed for this many days is flagged "Review due" on the scorecard.
REVIEW_DUE_AFTER_DAYS = 180
MAX_ID_DIGITS = 9


class SortOrder(enum.StrEnum):
    """How the companies are ordered down the scorecard."""

    NAME = "name"
    DELIVERED = "delivered"

    @property
    def label(self) -> str:
        return {"name": "Name (A to Z)", "delivered": "Asks delivered (most first)"}[self.value]


@dataclass(frozen=True)
class ScorecardFilters:
    """What the scorecard is narrowed to; None means any."""

    sub_type: str | None = None
    lead_officer_id: int | None = None
    status: CommitmentStatus | None = None
    sort: SortOrder = SortOrder.NAME

    def as_args(self) -> dict[str, str]:
        """The filters as query arguments (for export links and audit details)."""
        args = {
            "sub_type": self.sub_type or "",
            "lead_officer": str(self.lead_officer_id or ""),
            "status": self.status.value if self.status else "",
            "sort": self.sort.value if self.sort != SortOrder.NAME else "",
        }
        return {name: value for name, value in args.items() if value}


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter accepts (what the filter form offers)."""

    sub_types: list[str]
    lead_officers: list[LeadOfficer]


@dataclass(frozen=True)
class Cell:
    """One company's position on one ask. commitment is None when nothing has been recorded."""

    ask: Ask
    commitment: Commitment | None
    review_due: bool

    @property
    def status(self) -> CommitmentStatus:
        return self.commitment.status if self.commitment else CommitmentStatus.NOT_ENGAGED

    @property
    def last_reviewed_on(self) -> date | None:
        return self.commitment.last_reviewed_on if self.commitment else None


@dataclass(frozen=True)
class Row:
    """One company across the scorecard."""

    organisation: Organisation
    delivered: int
    cells: list[Cell]


@dataclass(frozen=True)
class AskSummary:
    """How many of the companies that match stand at each status on one ask (every status, zeros included)."""

    ask: Ask
    counts: dict[CommitmentStatus, int]


@dataclass(frozen=True)
class Scorecard:
    """The grid for one framework, filtered and sorted, with its summary row.

    rows are one page of the companies that match (page says which), or all of them when page is
    None (exports); companies and summary always cover every company that matches.
    """

    framework: Framework
    rows: list[Row]
    summary: list[AskSummary]
    companies: int
    page: Page[Row] | None = None
    review_due_after_days: int = REVIEW_DUE_AFTER_DAYS
    filters: ScorecardFilters = field(default_factory=ScorecardFilters)

    @property
    def asks(self) -> list[Ask]:
        return list(self.framework.asks)

    @property
    def delivered(self) -> int:
        """Asks delivered, added up over every company that matches (not only the page)."""
        return sum(column.counts[CommitmentStatus.DELIVERED] for column in self.summary)


def technology_companies() -> list[ColumnElement[bool]]:
    """The conditions for a company on the scorecard: a technology company that is not archived."""
    return [Organisation.sector == Sector.TECHNOLOGY, Organisation.archived_at.is_(None)]


def filter_options() -> FilterOptions:
    """The sub-types and lead officers of the technology companies (two queries)."""
    sub_types = db.session.scalars(
        select(Organisation.sub_type)
        .where(*technology_companies(), Organisation.sub_type != "")
        .distinct()
        .order_by(Organisation.sub_type)
    )
    # Officer by officer (a hundred look-ups by lead_officer_id) rather than the lead officers of
    # every company: 3.4 -> 0.3 ms at medium size, and it does not grow with the companies.
    leads_one = (
        select(Organisation.id)
        .where(Organisation.lead_officer_id == User.id, *technology_companies())
        .correlate(User)
        .exists()
    )
    officers = db.session.execute(select(User.id, User.name).where(leads_one).order_by(User.name, User.id))
    return FilterOptions(
        sub_types=list(sub_types), lead_officers=[LeadOfficer(id=id_, name=name) for id_, name in officers]
    )


def parse_filters(args: Mapping[str, Any], *, options: FilterOptions) -> tuple[ScorecardFilters, list[str]]:
    """Filters from query arguments, keeping only allowed values; the rest are listed as ignored."""
    ignored: list[str] = []
    sub_type = str(args.get("sub_type", "")).strip() or None
    if sub_type is not None and sub_type not in options.sub_types:
        ignored.append("There is no technology company of that sub-type, so the sub-type filter was ignored")
        sub_type = None

    lead_officer_id: int | None = None
    officer_arg = str(args.get("lead_officer", "")).strip()
    if officer_arg:
        known = {officer.id for officer in options.lead_officers}
        if officer_arg.isdigit() and len(officer_arg) <= MAX_ID_DIGITS and int(officer_arg) in known:
            lead_officer_id = int(officer_arg)
        else:
            ignored.append(
                "That lead officer leads no technology company, so the lead officer filter was ignored"
            )

    status: CommitmentStatus | None = None
    status_arg = str(args.get("status", "")).strip()
    if status_arg:
        try:
            status = CommitmentStatus(status_arg)
        except ValueError:
            ignored.append("That status does not exist, so the status filter was ignored")

    sort = SortOrder.NAME
    sort_arg = str(args.get("sort", "")).strip()
    if sort_arg:
        try:
            sort = SortOrder(sort_arg)
        except ValueError:
            ignored.append(
                "The scorecard can be sorted by name or by asks delivered only, so it is sorted by name"
            )
    return ScorecardFilters(sub_type, lead_officer_id, status, sort), ignored


def resolve_framework(key: str | None) -> tuple[Framework | None, str | None]:
    """The framework a scorecard shows: the one asked for, else the five asks (with a message why)."""
    if key:
        framework = get_framework(key)
        if framework is not None:
            return framework, None
        message = "There is no framework with that key, so the scorecard shows the five asks"
        return get_framework(FIVE_ASKS_KEY), message
    return get_framework(FIVE_ASKS_KEY), None


def _delivered_per_company(framework: Framework) -> Subquery:
    """Each company's number of delivered asks of the framework (companies with none are missing).

    Joined once rather than counted per company in a correlated subquery: the planner aggregates the
    delivered commitments in one pass, which is what sorting by asks delivered needs.
    """
    return (
        select(Commitment.organisation_id, func.count(Commitment.id).label("delivered"))
        .join(Ask, Ask.id == Commitment.ask_id)
        .where(Ask.framework_id == framework.id, Commitment.status == CommitmentStatus.DELIVERED)
        .group_by(Commitment.organisation_id)
        .subquery("delivered_per_company")
    )


def _has_status(framework: Framework, status: CommitmentStatus) -> ColumnElement[bool]:
    """True for a company with at least one cell of the framework at this status.

    "Not engaged" also covers a missing row, so it means: fewer engaged rows than the framework has asks.
    """
    if status == CommitmentStatus.NOT_ENGAGED:
        engaged = (
            select(func.count(Commitment.id))
            .join(Ask, Ask.id == Commitment.ask_id)
            .where(
                Commitment.organisation_id == Organisation.id,
                Ask.framework_id == framework.id,
                Commitment.status != CommitmentStatus.NOT_ENGAGED,
            )
            .correlate(Organisation)
            .scalar_subquery()
        )
        return engaged < len(framework.asks)
    return exists().where(
        Commitment.organisation_id == Organisation.id,
        Commitment.ask_id == Ask.id,
        Ask.framework_id == framework.id,
        Commitment.status == status,
    )


def _company_conditions(framework: Framework, filters: ScorecardFilters) -> list[ColumnElement[bool]]:
    conditions = technology_companies()
    if filters.sub_type is not None:
        conditions.append(Organisation.sub_type == filters.sub_type)
    if filters.lead_officer_id is not None:
        conditions.append(Organisation.lead_officer_id == filters.lead_officer_id)
    if filters.status is not None:
        conditions.append(_has_status(framework, filters.status))
    return conditions


def _company_ids(framework: Framework, filters: ScorecardFilters) -> Select[int]:
    return select(Organisation.id).where(*_company_conditions(framework, filters))


def _framework_ask_ids(framework: Framework) -> Select[int]:
    return select(Ask.id).where(Ask.framework_id == framework.id)


def is_review_due(
    commitment: Commitment | None, *, today: date, after_days: int = REVIEW_DUE_AFTER_DAYS
) -> bool:
    """A recorded position never reviewed, or last reviewed more than after_days ago."""
    if commitment is None:
        return False
    if commitment.last_reviewed_on is None:
        return True
    return (today - commitment.last_reviewed_on).days > after_days


def build_scorecard(
    *,
    framework: Framework,
    filters: ScorecardFilters,
    today: date,
    page_number: int | None = None,
    per_page: int = 50,
) -> Scorecard:
    """The scorecard grid for a framework (asks already loaded).

    With page_number, one page of per_page companies in four queries (the count, the page, its
    commitments, the summary); without, every company that matches in three (for the exports).
    """
    per_company = _delivered_per_company(framework)
    delivered = func.coalesce(per_company.c.delivered, 0).label("delivered")
    stmt = (
        select(Organisation, delivered)
        .outerjoin(per_company, per_company.c.organisation_id == Organisation.id)
        .where(*_company_conditions(framework, filters))
        .options(joinedload(Organisation.lead_officer))
    )
    name_order = (func.lower(Organisation.name), Organisation.id)
    if filters.sort == SortOrder.DELIVERED:
        stmt = stmt.order_by(delivered.desc(), *name_order)
    else:
        stmt = stmt.order_by(*name_order)

    paged: Page[Any] | None = None
    if page_number is None:  # the exports: every company that matches
        results = list(db.session.execute(stmt))
        total = len(results)
        shown: Any = _company_ids(framework, filters)
    else:
        paged = paginate(stmt, number=page_number, per_page=per_page, scalars=False)
        results, total = paged.items, paged.total
        shown = [organisation.id for organisation, _count in results]
    companies = [(organisation, int(count)) for organisation, count in results]

    by_cell: dict[tuple[int, int], Commitment] = {}
    if companies:
        commitments = db.session.scalars(
            select(Commitment).where(
                Commitment.organisation_id.in_(shown), Commitment.ask_id.in_(_framework_ask_ids(framework))
            )
        )
        by_cell = {(c.organisation_id, c.ask_id): c for c in commitments}
    rows = [
        Row(
            organisation=organisation,
            delivered=count,
            cells=[
                Cell(
                    ask=ask,
                    commitment=by_cell.get((organisation.id, ask.id)),
                    review_due=is_review_due(by_cell.get((organisation.id, ask.id)), today=today),
                )
                for ask in framework.asks
            ],
        )
        for organisation, count in companies
    ]
    page = None if paged is None else Page(rows, number=paged.number, per_page=per_page, total=total)
    summary = _summary(framework, _company_ids(framework, filters), companies=total)
    return Scorecard(
        framework=framework, rows=rows, summary=summary, companies=total, page=page, filters=filters
    )


def _summary(framework: Framework, company_ids: Select[int], *, companies: int) -> list[AskSummary]:
    """Each ask's count per status over all the given companies (one GROUP BY).

    Companies without a row for an ask are not engaged on it, so that count is the remainder.
    """
    counted = db.session.execute(
        select(Commitment.ask_id, Commitment.status, func.count(Commitment.id))
        .where(
            Commitment.organisation_id.in_(company_ids), Commitment.ask_id.in_(_framework_ask_ids(framework))
        )
        .group_by(Commitment.ask_id, Commitment.status)
    )
    per_ask: dict[int, dict[CommitmentStatus, int]] = {}
    for ask_id, status, count in counted:
        per_ask.setdefault(ask_id, {})[CommitmentStatus(status)] = int(count)
    summary = []
    for ask in framework.asks:
        recorded = per_ask.get(ask.id, {})
        counts = {status: recorded.get(status, 0) for status in CommitmentStatus}
        engaged = sum(count for status, count in recorded.items() if status != CommitmentStatus.NOT_ENGAGED)
        counts[CommitmentStatus.NOT_ENGAGED] = companies - engaged
        summary.append(AskSummary(ask=ask, counts=counts))
    return summary


@dataclass(frozen=True)
class ScorecardSummary:
    """The summary row on its own (for the dashboard): per ask, how many companies at each status."""

    framework: Framework
    companies: int
    asks: list[AskSummary]


def scorecard_summary(*, framework_key: str = FIVE_ASKS_KEY) -> ScorecardSummary | None:
    """Counts of technology companies at each status on each ask of a framework (the five asks by default).

    Three queries (framework with its asks, the number of companies, one GROUP BY); None when there is
    no framework with that key. For the dashboard: "Delivered 3, In progress 2, ..." per ask.
    """
    framework = get_framework(framework_key)
    if framework is None:
        return None
    filters = ScorecardFilters()
    companies = db.session.scalar(select(func.count(Organisation.id)).where(*technology_companies())) or 0
    asks = _summary(framework, _company_ids(framework, filters), companies=int(companies))
    return ScorecardSummary(framework=framework, companies=int(companies), asks=asks)
