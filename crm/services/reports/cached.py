"""The slow reports' figures through the figures cache (crm.services.figures_cache).

Each entry is keyed by the report, its parameters and the reader's access scope
(crm.services.access.access_scope), so two readers who may see different records never share
figures. Each function returns the figures with the time they were computed; refresh=True computes
them afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, overload

from crm.models import Classification, Sector, User
from crm.services.access import access_scope
from crm.services.figures_cache import Cached, cached
from crm.services.months import Period
from crm.services.reports import figures


def _period_parts(period: Period) -> list[str]:
    return [period.start.isoformat(), period.end.isoformat()]


def _encode_monthly(monthly: figures.MonthlyFigures) -> dict[str, Any]:
    return {
        "months": monthly.months,
        "series": [[series.label, series.values] for series in monthly.series],
        "marking": monthly.marking.value,
    }


def _decode_monthly(data: dict[str, Any]) -> figures.MonthlyFigures:
    return figures.MonthlyFigures(
        months=[str(month) for month in data["months"]],
        series=[figures.Series(str(label), [int(v) for v in values]) for label, values in data["series"]],
        marking=Classification(data["marking"]),
    )


def engagements_by_sector(
    *, user: User, period: Period, refresh: bool = False
) -> Cached[figures.MonthlyFigures]:
    """figures.engagements_by_sector, cached."""
    return cached(
        ["engagements-by-sector", access_scope(user), *_period_parts(period)],
        lambda: figures.engagements_by_sector(user=user, period=period),
        encode=_encode_monthly,
        decode=_decode_monthly,
        refresh=refresh,
    )


def actions_opened_and_closed(
    *, user: User, period: Period, refresh: bool = False
) -> Cached[figures.MonthlyFigures]:
    """figures.actions_opened_and_closed, cached."""
    return cached(
        ["actions-opened-closed", access_scope(user), *_period_parts(period)],
        lambda: figures.actions_opened_and_closed(user=user, period=period),
        encode=_encode_monthly,
        decode=_decode_monthly,
        refresh=refresh,
    )


def _encode_overdue(overdue: figures.OverdueFigures) -> dict[str, Any]:
    return {
        "lines": [[line.team, line.officer_id, line.officer, line.overdue] for line in overdue.lines],
        "marking": overdue.marking.value,
    }


def _decode_overdue(data: dict[str, Any]) -> figures.OverdueFigures:
    return figures.OverdueFigures(
        lines=[
            figures.OverdueLine(
                team=team, officer_id=int(officer_id), officer=str(officer), overdue=int(count)
            )
            for team, officer_id, officer, count in data["lines"]
        ],
        marking=Classification(data["marking"]),
    )


def overdue_actions(*, user: User, today: date, refresh: bool = False) -> Cached[figures.OverdueFigures]:
    """figures.overdue_actions, cached."""
    return cached(
        ["overdue-actions", access_scope(user), today.isoformat()],
        lambda: figures.overdue_actions(user=user, today=today),
        encode=_encode_overdue,
        decode=_decode_overdue,
        refresh=refresh,
    )


def _encode_quiet(quiet: figures.QuietFigures) -> dict[str, Any]:
    return {
        "days": quiet.days,
        "by_sector": [[line.sector.value, line.quiet, line.organisations] for line in quiet.by_sector],
        "lines": [
            [
                line.organisation_id,
                line.name,
                line.sector.value,
                line.last_engagement_at.isoformat() if line.last_engagement_at else None,
            ]
            for line in quiet.lines
        ],
    }


class _StoredQuietLines(Sequence[figures.QuietLine]):
    """The stored list of organisations gone quiet, each line read only when asked for: a page of
    the report shows 100 of several thousand, and reading them all would cost more than the rest
    of a cached view."""

    def __init__(self, rows: list[list[Any]]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> figures.QuietLine: ...

    @overload
    def __getitem__(self, index: slice) -> list[figures.QuietLine]: ...

    def __getitem__(self, index: int | slice) -> figures.QuietLine | list[figures.QuietLine]:
        if isinstance(index, slice):
            return [self._line(row) for row in self._rows[index]]
        return self._line(self._rows[index])

    @staticmethod
    def _line(row: list[Any]) -> figures.QuietLine:
        organisation_id, name, sector, last_at = row
        return figures.QuietLine(
            organisation_id=int(organisation_id),
            name=str(name),
            sector=Sector(sector),
            last_engagement_at=datetime.fromisoformat(last_at) if last_at else None,
        )


def _decode_quiet(data: dict[str, Any]) -> figures.QuietFigures:
    return figures.QuietFigures(
        days=int(data["days"]),
        by_sector=[
            figures.SectorQuiet(sector=Sector(sector), quiet=int(quiet), organisations=int(total))
            for sector, quiet, total in data["by_sector"]
        ],
        lines=_StoredQuietLines(list(data["lines"])),
    )


def quiet_relationships(
    *, user: User, today: date, days: int = figures.QUIET_AFTER_DAYS, refresh: bool = False
) -> Cached[figures.QuietFigures]:
    """figures.quiet_relationship_figures, cached (the whole list: a page of it is cut in the view)."""
    return cached(
        ["quiet-relationships", access_scope(user), today.isoformat(), str(days)],
        lambda: figures.quiet_relationship_figures(user=user, today=today, days=days),
        encode=_encode_quiet,
        decode=_decode_quiet,
        refresh=refresh,
    )
