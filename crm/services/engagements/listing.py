"""The contact log: engagements filtered, newest first, a page at a time, and its CSV export.

Filters come from query arguments through an allowlist: an unknown or malformed value is dropped and
the page says so, so an old or hand-edited bookmark never breaks the page. Every read goes through
the access scope, for the list, its count and the export alike.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import (
    Classification,
    Engagement,
    EngagementKind,
    Organisation,
    Role,
    Sector,
    User,
    engagement_asks,
    engagement_officers,
    engagement_organisations,
)
from crm.services import text_search
from crm.services.access import visible
from crm.services.csv_safety import safe_row
from crm.services.engagements.checks import london_to_utc
from crm.services.pagination import Page, paginate
from crm.services.query_text import clean_query
from crm.template_helpers import long_date
from crm.timezones import to_london

MAX_ID_DIGITS = 9
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/ .-](\d{1,2})[/ .-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class EngagementFilters:
    """What the contact log is filtered by. Empty means everything the user may see."""

    organisation_id: int | None = None
    organisation_name: str = ""  # part of the name of one of the contact's organisations
    sector: Sector | None = None
    kinds: tuple[EngagementKind, ...] = ()
    officer_id: int | None = None
    ask_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def to_args(self) -> dict[str, Any]:
        """Query arguments for a link to this view (only the filters that are set)."""
        args: dict[str, Any] = {}
        if self.organisation_id is not None:
            args["organisation"] = self.organisation_id
        if self.organisation_name:
            args["organisation_name"] = self.organisation_name
        if self.sector is not None:
            args["sector"] = self.sector.value
        if self.kinds:
            args["kind"] = [k.value for k in self.kinds]
        if self.officer_id is not None:
            args["officer"] = self.officer_id
        if self.ask_id is not None:
            args["ask"] = self.ask_id
        if self.date_from is not None:
            args["from"] = self.date_from.isoformat()
        if self.date_to is not None:
            args["to"] = self.date_to.isoformat()
        return args

    def but(self, **changes: Any) -> EngagementFilters:
        return replace(self, **changes)

    @property
    def any(self) -> bool:
        return bool(self.to_args())


@dataclass(frozen=True)
class ParsedFilters:
    """Filters from a request, with what could not be used."""

    filters: EngagementFilters
    ignored: list[str] = field(default_factory=list)
    # Set when from is after to: neither date is applied and the date fields show this message.
    date_error: str = ""
    raw_from: str = ""
    raw_to: str = ""


def parse_date(text: str) -> date | None:
    """A filter date typed as 27/3/2026, 27 3 2026 or 2026-03-27; None when not a real date."""
    text = text.strip()
    match = _DAY_MONTH_YEAR.match(text)
    parts: tuple[str, str, str] | None = None
    if match:
        parts = (match.group(3), match.group(2), match.group(1))
    elif match := _ISO.match(text):
        parts = (match.group(1), match.group(2), match.group(3))
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _int_arg(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and len(value) <= MAX_ID_DIGITS else None


def parse_filters(args: Mapping[str, Any]) -> ParsedFilters:
    """The filters in query arguments (a werkzeug MultiDict or a plain mapping of strings)."""
    ignored: list[str] = []

    def values(name: str) -> list[str]:
        getlist = getattr(args, "getlist", None)
        raw = getlist(name) if getlist else ([args[name]] if name in args else [])
        return [str(v) for v in raw if str(v).strip()]

    def one_id(name: str, noun: str) -> int | None:
        raw = values(name)
        if not raw:
            return None
        parsed = _int_arg(raw[0])
        if parsed is None:
            ignored.append(f"The {noun} filter was not recognised, so it is not applied")
        return parsed

    organisation_id = one_id("organisation", "organisation")
    organisation_name, name_problem = clean_query((values("organisation_name") or [""])[0])
    if name_problem:
        ignored.append(
            f"The organisation name filter is not applied: {name_problem[0].lower()}{name_problem[1:]}"
        )
        organisation_name = ""
    officer_id = one_id("officer", "officer")
    ask_id = one_id("ask", "ask")
    sector = None
    if raw_sector := values("sector"):
        try:
            sector = Sector(raw_sector[0])
        except ValueError:
            ignored.append("The sector filter was not recognised, so it is not applied")
    kinds = []
    for raw_kind in values("kind"):
        try:
            kind = EngagementKind(raw_kind)
        except ValueError:
            ignored.append(f"'{raw_kind[:40]}' is not a kind of contact, so it is not applied")
            continue
        if kind not in kinds:
            kinds.append(kind)
    raw_from = (values("from") or [""])[0][:40]
    raw_to = (values("to") or [""])[0][:40]
    date_from = parse_date(raw_from) if raw_from else None
    date_to = parse_date(raw_to) if raw_to else None
    if raw_from and date_from is None:
        ignored.append("The 'from' date is not a real date, so it is not applied: use the format 27/3/2026")
    if raw_to and date_to is None:
        ignored.append("The 'to' date is not a real date, so it is not applied: use the format 27/3/2026")
    date_error = ""
    if date_from is not None and date_to is not None and date_from > date_to:
        date_error = (
            f"The 'from' date ({long_date(date_from)}) is after the 'to' date ({long_date(date_to)}): "
            "change one of them. The dates are not applied until then"
        )
        date_from = date_to = None
    filters = EngagementFilters(
        organisation_id=organisation_id,
        organisation_name=organisation_name,
        sector=sector,
        kinds=tuple(sorted(kinds, key=list(EngagementKind).index)),
        officer_id=officer_id,
        ask_id=ask_id,
        date_from=date_from,
        date_to=date_to,
    )
    return ParsedFilters(filters, ignored, date_error, raw_from, raw_to)


def filtered(filters: EngagementFilters, *, user: User) -> Select[Any]:
    """The engagements matching the filters that the user may read, newest first.

    A filter on a linked record is `engagements.id IN (the linked engagement ids)`, read through the
    link table's index on the other side, not a correlated EXISTS: with EXISTS the count walked every
    engagement to test its links (an organisation with three contacts took 230 ms at 200,000
    contacts, a sector half a second); with IN it reads that organisation's links (0.2 ms, and at
    most about 60 ms for a sector or the busiest organisation).
    """
    organisation_links = engagement_organisations.c
    stmt: Select[Any] = select(Engagement)
    if filters.organisation_id is not None:
        stmt = stmt.where(
            _linked(
                select(organisation_links.engagement_id).where(
                    organisation_links.organisation_id == filters.organisation_id
                )
            )
        )
    if filters.organisation_name:
        named = text_search.organisation_name_contains(filters.organisation_name)
        stmt = stmt.where(
            _linked(
                select(organisation_links.engagement_id).where(
                    organisation_links.organisation_id.in_(select(Organisation.id).where(named))
                )
            )
        )
    if filters.sector is not None:
        stmt = stmt.where(
            _linked(
                select(organisation_links.engagement_id)
                .join(Organisation, Organisation.id == organisation_links.organisation_id)
                .where(Organisation.sector == filters.sector)
            )
        )
    if filters.kinds:
        stmt = stmt.where(Engagement.kind.in_(filters.kinds))
    if filters.officer_id is not None:
        officers = engagement_officers.c
        stmt = stmt.where(
            _linked(select(officers.engagement_id).where(officers.user_id == filters.officer_id))
        )
    if filters.ask_id is not None:
        asks = engagement_asks.c
        stmt = stmt.where(_linked(select(asks.engagement_id).where(asks.ask_id == filters.ask_id)))
    if filters.date_from is not None:
        stmt = stmt.where(Engagement.starts_at >= london_to_utc(filters.date_from, time(0)))
    if filters.date_to is not None:
        stmt = stmt.where(Engagement.starts_at < london_to_utc(filters.date_to + timedelta(days=1), time(0)))
    stmt = stmt.order_by(Engagement.starts_at.desc(), Engagement.id.desc())
    return visible(stmt, Engagement, user)


def _linked(engagement_ids: Select[Any]) -> ColumnElement[bool]:
    return Engagement.id.in_(engagement_ids)


def list_engagements(
    filters: EngagementFilters, *, user: User, number: int, per_page: int
) -> Page[Engagement]:
    """One page of the contact log, with the organisations and officers each row shows (4 queries)."""
    stmt = filtered(filters, user=user).options(
        selectinload(Engagement.organisations), selectinload(Engagement.officers)
    )
    return paginate(stmt, number=number, per_page=per_page)


@dataclass(frozen=True)
class FilterOptions:
    """The values the filter controls offer. Organisations are not among them: there are thousands,
    so the log is filtered by part of an organisation's name, or by one organisation from a link."""

    officers: list[tuple[int, str]]
    asks: list[tuple[int, str]]

    def name_of(self, options: list[tuple[int, str]], value: int | None) -> str:
        return next((name for option_id, name in options if option_id == value), "Not found")


def filter_options() -> FilterOptions:
    """Officers (leavers marked) and the five asks, for the filter controls (2 queries)."""
    from crm.services.engagements.records import five_asks

    officers = [
        (row.id, row.name + ("" if row.active else " (left)"))
        for row in db.session.execute(
            select(User.id, User.name, User.active)
            .where(User.role != Role.VIEWER)
            .order_by(User.name, User.id)
        )
    ]
    asks = [(ask.id, ask.title) for ask in five_asks()]
    return FilterOptions(officers=officers, asks=asks)


# --- CSV export -------------------------------------------------------------------------------------

EXPORT_HEADER = [
    "Date",
    "Start time",
    "End time",
    "Kind",
    "Title",
    "Organisations",
    "Sectors",
    "People",
    "Officers",
    "Asks",
    "Classification",
    "Summary",
    "Link",
]


@dataclass(frozen=True)
class Export:
    """A CSV file of the contact log."""

    text: str
    classification: Classification
    rows: int

    def filename(self, today: date) -> str:
        return f"contact-log-{self.classification.label}-{today.isoformat()}.csv"


def _clock(value: datetime | None) -> str:
    return to_london(value).strftime("%H:%M") if value is not None else ""


def export_csv(filters: EngagementFilters, *, user: User, link_prefix: str = "") -> Export:
    """Every engagement matching the filters that the user may read, as CSV text.

    The first row is the highest classification in the file, then a header row. Every cell goes
    through safe_cell (no spreadsheet formulas). Five queries whatever the number of rows.
    """
    stmt = filtered(filters, user=user).options(
        selectinload(Engagement.organisations),
        selectinload(Engagement.people),
        selectinload(Engagement.officers),
        selectinload(Engagement.asks),
    )
    engagements: list[Engagement] = list(db.session.scalars(stmt))
    highest = Classification.highest([e.classification for e in engagements])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(safe_row([highest.label]))
    writer.writerow(EXPORT_HEADER)
    for engagement in engagements:
        sectors = dict.fromkeys(o.sector.label for o in engagement.organisations)
        writer.writerow(
            safe_row(
                [
                    to_london(engagement.starts_at).date().isoformat(),
                    _clock(engagement.starts_at),
                    _clock(engagement.ends_at),
                    engagement.kind.label,
                    engagement.title,
                    "; ".join(o.name for o in engagement.organisations),
                    "; ".join(sectors),
                    "; ".join(p.name for p in engagement.people),
                    "; ".join(u.name for u in engagement.officers),
                    "; ".join(a.title for a in engagement.asks),
                    engagement.classification.label,
                    engagement.summary,
                    f"{link_prefix}/engagements/{engagement.id}",
                ]
            )
        )
    return Export(text=buffer.getvalue(), classification=highest, rows=len(engagements))


def page_classification(engagements: list[Engagement]) -> Classification:
    """The highest marking among what a page shows (pages show the highest marking they contain)."""
    return Classification.highest([e.classification for e in engagements])
