"""Chart geometry, worked out in Python so the SVG templates only place what they are given.

Charts are drawn on the server as SVG (templates/macros/charts.html): no JavaScript, no CDN. Every
bar carries its figure as text, every series is named in text (never colour alone), and the same
figures always follow in a table. Labels are plain strings; the templates escape them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 960
FONT = 14
LABEL_CHARS = 40
# GOV.UK colours with at least 4.5:1 contrast on white.
PALETTE = ("#1d70b8", "#4c2c92", "#00703c", "#505a5f", "#912b88", "#b58840")
UP_COLOUR = "#00703c"
DOWN_COLOUR = "#d4351c"


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 x 10^n at least value (at least 1): a scale maximum people can read."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    return int(10 * magnitude)  # pragma: no cover (the loop always returns)


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """Text cut to limit characters with an ellipsis (the table beneath shows it in full)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Column:
    """One bar of a column panel, with its figure written above it when there is room."""

    x: float
    y: float
    width: float
    height: float
    value: int
    category: str
    show_value: bool


@dataclass(frozen=True)
class Panel:
    """One series of a small-multiples column chart, on the shared scale."""

    title: str
    colour: str
    top: float
    baseline: float
    plot_top: float
    columns: list[Column]
    total: int


@dataclass(frozen=True)
class AxisLabel:
    x: float
    lines: list[str]


@dataclass(frozen=True)
class ColumnChart:
    """Small multiples: one panel per series, the categories (months) along a shared axis."""

    chart_id: str
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int
    scale_max: int
    panels: list[Panel]
    axis_y: float
    axis_labels: list[AxisLabel]


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[tuple[str, str]],
    series: Sequence[tuple[str, Sequence[int]]],
    panel_height: int = 104,
) -> ColumnChart:
    """Lay out a panel of columns per series over the categories ((full name, short axis label) pairs).

    Every panel shares one scale, so heights compare across panels. Axis labels thin out when there
    are many categories; each column still names its category for screen readers via <title>.
    """
    left, right, gap = 56, WIDTH - 16, 2
    count = max(1, len(categories))
    step = (right - left) / count
    bar_width = max(1.0, step - gap)
    scale_max = nice_ceiling(max((max(values, default=0) for _, values in series), default=0))
    plot_height = panel_height - 44
    panels, top = [], 8.0
    for index, (label, values) in enumerate(series):
        plot_top = top + 36
        baseline = plot_top + plot_height
        columns = []
        for position, (category, _short) in enumerate(categories):
            value = int(values[position]) if position < len(values) else 0
            height = plot_height * value / scale_max
            columns.append(
                Column(
                    x=round(left + position * step + gap / 2, 2),
                    y=round(baseline - height, 2),
                    width=round(bar_width, 2),
                    height=round(height, 2),
                    value=value,
                    category=category,
                    show_value=value > 0 and step >= 22,
                )
            )
        panels.append(
            Panel(
                title=label,
                colour=PALETTE[index % len(PALETTE)],
                top=top,
                baseline=baseline,
                plot_top=plot_top,
                columns=columns,
                total=sum(column.value for column in columns),
            )
        )
        top += panel_height
    every = max(1, math.ceil(count / 24))
    axis_labels = [
        AxisLabel(x=round(left + position * step + step / 2, 2), lines=short.split(" "))
        for position, (_category, short) in enumerate(categories)
        if position % every == 0
    ]
    axis_y = top + 4
    return ColumnChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=int(axis_y + 40),
        left=left,
        right=right,
        scale_max=scale_max,
        panels=panels,
        axis_y=axis_y,
        axis_labels=axis_labels,
    )


@dataclass(frozen=True)
class HorizontalBar:
    label: str
    full_label: str
    y: float
    width: float
    value: int
    value_text: str


@dataclass(frozen=True)
class BarChart:
    """One horizontal bar per item, its label on the left and its figure as text at its end."""

    chart_id: str
    title: str
    description: str
    width: int
    height: int
    bar_left: int
    bar_height: int
    row_height: int
    colour: str
    bars: list[HorizontalBar]
    empty_text: str


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, int, str]],
    empty_text: str = "Nothing to show",
    colour: str = PALETTE[0],
) -> BarChart:
    """Lay out (label, value, value text) items as horizontal bars on a shared scale."""
    bar_left, row_height, bar_height = 330, 30, 20
    plot_width = WIDTH - bar_left - 140
    scale_max = nice_ceiling(max((value for _, value, _ in items), default=0))
    bars = [
        HorizontalBar(
            label=shorten(label),
            full_label=label,
            y=8 + index * row_height,
            width=round(plot_width * value / scale_max, 2),
            value=value,
            value_text=text,
        )
        for index, (label, value, text) in enumerate(items)
    ]
    height = 16 + max(1, len(bars)) * row_height
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        bar_left=bar_left,
        bar_height=bar_height,
        row_height=row_height,
        colour=colour,
        bars=bars,
        empty_text=empty_text,
    )


@dataclass(frozen=True)
class DivergingRow:
    label: str
    full_label: str
    y: float
    up: int
    down: int
    up_width: float
    down_width: float


@dataclass(frozen=True)
class DivergingChart:
    """Per item, a bar to the right of a centre line for "up" and to the left for "down"."""

    chart_id: str
    title: str
    description: str
    width: int
    height: int
    centre: float
    row_height: int
    bar_height: int
    rows: list[DivergingRow]
    up_colour: str = UP_COLOUR
    down_colour: str = DOWN_COLOUR


def diverging_chart(
    *, chart_id: str, title: str, description: str, items: Sequence[tuple[str, int, int]]
) -> DivergingChart:
    """Lay out (label, up, down) items either side of a centre line, on one shared scale."""
    label_width, row_height, bar_height = 330, 30, 20
    half = (WIDTH - label_width - 40) / 2 - 70  # room for "12 down" / "12 up" beside each bar
    centre = label_width + 20 + 70 + half
    scale_max = nice_ceiling(max((max(up, down) for _, up, down in items), default=0))
    rows = [
        DivergingRow(
            label=shorten(label),
            full_label=label,
            y=36 + index * row_height,
            up=up,
            down=down,
            up_width=round(half * up / scale_max, 2),
            down_width=round(half * down / scale_max, 2),
        )
        for index, (label, up, down) in enumerate(items)
    ]
    return DivergingChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=44 + max(1, len(rows)) * row_height,
        centre=round(centre, 2),
        row_height=row_height,
        bar_height=bar_height,
        rows=rows,
    )
