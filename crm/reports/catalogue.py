"""The reports on offer: for each, its figures (from crm.services.reports), its chart and its tables.

A report is a name in the URL (/reports/<name>, /reports/<name>.csv), a title, and a build function
that turns the service's figures into a chart, the same figures as tables, and the table its CSV holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from crm.models import Classification, Framework, User
from crm.reports import charts
from crm.services.months import Period, add_months, month_label
from crm.services.pagination import Page
from crm.services.reports import cached, figures
from crm.timezones import to_london

# Organisations gone quiet listed on one page of that report (the counts by sector cover them all).
QUIET_PER_PAGE = 100


@dataclass(frozen=True)
class ReportTable:
    """Figures as a table: the first cell of each row is its header; numeric columns align right."""

    table_id: str
    caption: str
    headers: list[str]
    rows: list[list[Any]]
    numeric: frozenset[int] = frozenset()
    empty_text: str = "Nothing to show for this period."


@dataclass(frozen=True)
class ReportView:
    """Everything a report page and its CSV need.

    csv: makes the table the CSV holds (only when a CSV is asked for: it can be long). computed_at:
    when the figures were computed (they may come from the figures cache). page: the page of a
    long listing shown, for the pagination links.
    """

    chart_kind: str
    chart: Any
    tables: list[ReportTable]
    csv: Callable[[], ReportTable]
    marking: Classification
    notes: list[str] = field(default_factory=list)
    computed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    page: Page[Any] | None = None

    @property
    def csv_table(self) -> ReportTable:
        return self.csv()


@dataclass(frozen=True)
class ReportContext:
    """What a report is built for. page: the page of a long listing; refresh: compute the figures
    afresh rather than take them from the figures cache."""

    user: User
    today: date
    period: Period | None
    framework: Framework | None
    page: int = 1
    refresh: bool = False


@dataclass(frozen=True)
class Report:
    """One report on offer."""

    name: str
    title: str
    description: str
    build: Callable[[ReportContext], ReportView]
    default_period: Callable[[date], Period] | None = None
    uses_framework: bool = False


def last_18_months(today: date) -> Period:
    """This London month and the 17 before it, up to today."""
    return Period(start=add_months(today.replace(day=1), -17), end=today)


def last_12_months(today: date) -> Period:
    return Period(start=add_months(today, -12), end=today)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _period_text(period: Period) -> str:
    return f"{_long(period.start)} to {_long(period.end)}"


def _period(context: ReportContext) -> Period:
    if context.period is None:  # the routes never build a report without a valid period
        raise ValueError("this report needs a period")
    return context.period


def _monthly_view(
    report_id: str, monthly: figures.MonthlyFigures, *, title: str, what: str, series_heading: str
) -> tuple[charts.ColumnChart, ReportTable]:
    categories = [(month_label(key), f"{month_label(key)[:3]} {key[:4]}") for key in monthly.months]
    totals = ", ".join(f"{series.label}: {sum(series.values)}" for series in monthly.series)
    chart = charts.column_chart(
        chart_id=f"{report_id}-chart",
        title=title,
        description=(
            f"{what} per month, one panel per {series_heading.lower()}, on a shared scale. Totals: {totals}."
        ),
        categories=categories,
        series=[(series.label, series.values) for series in monthly.series],
    )
    table = ReportTable(
        table_id=f"{report_id}-table",
        caption=f"{what} per month",
        headers=["Month", *(series.label for series in monthly.series), "Total"],
        rows=[
            [
                month_label(key),
                *(series.values[index] for series in monthly.series),
                sum(series.values[index] for series in monthly.series),
            ]
            for index, key in enumerate(monthly.months)
        ],
        numeric=frozenset(range(1, len(monthly.series) + 2)),
    )
    return chart, table


def _engagements_by_sector(context: ReportContext) -> ReportView:
    period = _period(context)
    result = cached.engagements_by_sector(user=context.user, period=period, refresh=context.refresh)
    monthly = result.value
    chart, table = _monthly_view(
        "engagements-by-sector",
        monthly,
        title=f"Engagements per sector per month, {_period_text(period)}",
        what="Engagements recorded",
        series_heading="Sector",
    )
    notes = [
        "An engagement counts once for each sector with at least one organisation taking part, so the "
        "total across sectors can be more than the number of engagements.",
        "Months are UK (Europe/London) calendar months.",
    ]
    return ReportView("column", chart, [table], lambda: table, monthly.marking, notes, result.computed_at)


def _actions_opened_closed(context: ReportContext) -> ReportView:
    period = _period(context)
    result = cached.actions_opened_and_closed(user=context.user, period=period, refresh=context.refresh)
    monthly = result.value
    chart, table = _monthly_view(
        "actions-opened-closed",
        monthly,
        title=f"Actions opened and closed per month, {_period_text(period)}",
        what="Actions opened and closed",
        series_heading="Series",
    )
    notes = [
        "Opened: actions raised that month. Closed: actions marked done that month. Cancelled actions "
        "have no completion date and are not counted as closed.",
    ]
    return ReportView("column", chart, [table], lambda: table, monthly.marking, notes, result.computed_at)


def _overdue_actions(context: ReportContext) -> ReportView:
    result = cached.overdue_actions(user=context.user, today=context.today, refresh=context.refresh)
    overdue = result.value
    items = [
        (f"{line.officer} ({line.team or 'no team'})", line.overdue, f"{line.overdue} overdue")
        for line in overdue.lines
    ]
    chart = charts.bar_chart(
        chart_id="overdue-actions-chart",
        title=f"Overdue actions by team and officer, {_long(context.today)}",
        description=(
            f"{overdue.total} outstanding actions are past their due date, "
            f"across {len(overdue.lines)} officers."
        ),
        items=items,
        empty_text="No outstanding action is past its due date.",
        colour="#d4351c",
    )
    table = ReportTable(
        table_id="overdue-actions-table",
        caption="Overdue actions by team and officer",
        headers=["Officer", "Team", "Overdue actions"],
        rows=[[line.officer, line.team or "No team", line.overdue] for line in overdue.lines],
        numeric=frozenset({2}),
        empty_text="No outstanding action is past its due date.",
    )
    notes = [
        "An action owed by us counts for its owner; an action owed by a partner counts for the officer "
        "who chases it. Outstanding means open, in progress or blocked.",
    ]
    return ReportView("bar", chart, [table], lambda: table, overdue.marking, notes, result.computed_at)


def _quiet_listing(lines: Sequence[figures.QuietLine], caption: str) -> ReportTable:
    return ReportTable(
        table_id="quiet-organisations-table",
        caption=caption,
        headers=["Organisation", "Sector", "Last engagement"],
        rows=[
            [
                line.name,
                line.sector.label,
                _long(to_london(line.last_engagement_at).date()) if line.last_engagement_at else "Never",
            ]
            for line in lines
        ],
        empty_text="Every organisation has had an engagement recently.",
    )


def _quiet_relationships(context: ReportContext) -> ReportView:
    result = cached.quiet_relationships(user=context.user, today=context.today, refresh=context.refresh)
    quiet = result.value
    chart = charts.bar_chart(
        chart_id="quiet-relationships-chart",
        title=f"Relationships gone quiet: no engagement in {quiet.days} days, by sector",
        description=f"{quiet.total} organisations have had no engagement in the last {quiet.days} days.",
        items=[
            (line.sector.label, line.quiet, f"{line.quiet} of {line.organisations}")
            for line in quiet.by_sector
        ],
        colour="#4c2c92",
    )
    counts = ReportTable(
        table_id="quiet-relationships-table",
        caption=f"Organisations with no engagement in {quiet.days} days, by sector",
        headers=["Sector", "Gone quiet", "Organisations"],
        rows=[[line.sector.label, line.quiet, line.organisations] for line in quiet.by_sector],
        numeric=frozenset({1, 2}),
    )
    # One page of the list (a page past the end shows the last one, as paginate() does).
    total = len(quiet.lines)
    number = min(max(1, context.page), max(1, -(-total // QUIET_PER_PAGE)))
    shown = list(quiet.lines[(number - 1) * QUIET_PER_PAGE : number * QUIET_PER_PAGE])
    page: Page[figures.QuietLine] = Page(items=shown, number=number, per_page=QUIET_PER_PAGE, total=total)
    notes = [
        "Archived organisations and closed relationships are left out. Meetings booked for later do not "
        "count as contact.",
    ]
    caption = "The organisations gone quiet"
    return ReportView(
        "bar",
        chart,
        [counts, _quiet_listing(shown, caption)],
        lambda: _quiet_listing(quiet.lines, caption),
        Classification.OFFICIAL,
        notes,
        result.computed_at,
        page,
    )


def _scorecard_movement(context: ReportContext) -> ReportView:
    period = _period(context)
    framework = context.framework
    if framework is None:
        raise ValueError("the scorecard movement report needs a framework")
    movement = figures.scorecard_movement(framework=framework, period=period)
    chart = charts.diverging_chart(
        chart_id="scorecard-movement-chart",
        title=f"Scorecard movement, {framework.name}, {_period_text(period)}",
        description=(
            f"{sum(m.up for m in movement)} company positions moved up and "
            f"{sum(m.down for m in movement)} moved down over the period."
        ),
        items=[(f"Ask {m.ask.position}: {m.ask.title}", m.up, m.down) for m in movement],
    )
    table = ReportTable(
        table_id="scorecard-movement-table",
        caption="Company positions that changed, by ask",
        headers=["Ask", "Moved up", "Moved down", "Changed and changed back"],
        rows=[
            [f"Ask {m.ask.position}: {m.ask.title}", m.up, m.down, m.back_where_they_started]
            for m in movement
        ],
        numeric=frozenset({1, 2, 3}),
    )
    notes = [
        "Each company's position on an ask is compared between the start and the end of the period. Up "
        "means further along: not engaged, in discussion, committed, in progress, delivered; declined is "
        "lowest.",
    ]
    return ReportView("diverging", chart, [table], lambda: table, Classification.OFFICIAL, notes)


REPORTS: dict[str, Report] = {
    report.name: report
    for report in (
        Report(
            "engagements-by-sector",
            "Engagements per sector per month",
            "How much contact each sector of the partnership has recorded, month by month.",
            _engagements_by_sector,
            default_period=last_18_months,
        ),
        Report(
            "actions-opened-closed",
            "Actions opened and closed per month",
            "Whether follow-up actions are being closed as fast as they are raised.",
            _actions_opened_closed,
            default_period=last_18_months,
        ),
        Report(
            "overdue-actions",
            "Overdue actions by team and officer",
            "Outstanding actions past their due date today, for each officer and team.",
            _overdue_actions,
        ),
        Report(
            "quiet-relationships",
            "Relationships gone quiet",
            f"Organisations with no engagement in the last {figures.QUIET_AFTER_DAYS} days, by sector.",
            _quiet_relationships,
        ),
        Report(
            "scorecard-movement",
            "Scorecard movement",
            "How many companies moved up or down on each ask over a chosen period.",
            _scorecard_movement,
            default_period=last_12_months,
            uses_framework=True,
        ),
    )
}
