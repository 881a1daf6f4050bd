"""Calendar months and reporting periods, counted the way a London office counts them.

Timestamps are stored in UTC, but a meeting at 00:30 on 1 July (BST) happened in July for the people
who held it, although it is 23:30 on 30 June in UTC. Reports therefore bucket timestamps by their
Europe/London month, in the database, on both databases:

- PostgreSQL: ``to_char(ts AT TIME ZONE 'Europe/London', 'YYYY-MM')`` (the server's tz database).
- SQLite has no time zones, so the UK rule is written out: British Summer Time runs from 01:00 UTC on
  the last Sunday in March to 01:00 UTC on the last Sunday in October (the rule since 1996, which
  covers every record this product holds); inside it an hour is added before taking the month.

Dates (``Date`` columns such as an action's completion date) have no time zone and are bucketed as
they are. Periods chosen by a user are whole London days: "from 1 April to 30 April" means from
London midnight at the start of 1 April to London midnight at the end of 30 April, converted to UTC
for the comparison.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from crm.timezones import LONDON


class london_month(FunctionElement[str]):
    """SQL: the Europe/London calendar month, as "YYYY-MM", of a UTC timestamp column."""

    type = String()
    inherit_cache = True
    name = "london_month"


class date_month(FunctionElement[str]):
    """SQL: the calendar month, as "YYYY-MM", of a DATE column (dates carry no time zone)."""

    type = String()
    inherit_cache = True
    name = "date_month"


@compiles(london_month)
def _london_month_postgresql(element: london_month, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"to_char(({column}) AT TIME ZONE 'Europe/London', 'YYYY-MM')"


@compiles(london_month, "sqlite")
def _london_month_sqlite(element: london_month, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    year = f"strftime('%Y', {column})"
    # date('YYYY-03-25', 'weekday 0') is the first Sunday on or after 25 March: the last Sunday in March.
    bst_starts = f"datetime({year} || '-03-25', 'weekday 0', '+1 hour')"
    bst_ends = f"datetime({year} || '-10-25', 'weekday 0', '+1 hour')"
    return (
        f"CASE WHEN {column} >= {bst_starts} AND {column} < {bst_ends} "
        f"THEN strftime('%Y-%m', {column}, '+1 hour') ELSE strftime('%Y-%m', {column}) END"
    )


@compiles(date_month)
def _date_month_postgresql(element: date_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(date_month, "sqlite")
def _date_month_sqlite(element: date_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


def month_key(day: date) -> str:
    """The "YYYY-MM" key of the month a date falls in (what london_month and date_month return)."""
    return f"{day.year:04d}-{day.month:02d}"


def month_label(key: str) -> str:
    """ "2026-03" as "Mar 2026" (short enough for a chart axis)."""
    year, month = (int(part) for part in key.split("-"))
    return f"{date(year, month, 1):%b %Y}"


def months_between(start: date, end: date) -> list[str]:
    """Every month key from start's month to end's month, inclusive, in order."""
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def add_months(day: date, months: int) -> date:
    """The same day some months later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def london_midnight(day: date) -> datetime:
    """The UTC instant at which a London calendar day begins."""
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """Whole London days from start to end, inclusive."""

    start: date
    end: date

    @property
    def starts_at(self) -> datetime:
        """The first UTC instant in the period."""
        return london_midnight(self.start)

    @property
    def ends_before(self) -> datetime:
        """The first UTC instant after the period (compare with <)."""
        return london_midnight(self.end + timedelta(days=1))

    @property
    def months(self) -> list[str]:
        """The month keys the period touches."""
        return months_between(self.start, self.end)
