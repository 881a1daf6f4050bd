"""Chart geometry (crm/reports/charts.py) and the SVG templates that draw it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader, select_autoescape

from crm import ROOT
from crm.reports import charts


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1), (1, 1), (1.5, 2), (3, 5), (5, 5), (7, 10), (10, 10), (11, 20), (48, 50), (51, 100), (999, 1000)],
)
def test_nice_ceiling(value, expected):
    assert charts.nice_ceiling(value) == expected


def test_shorten_keeps_short_text_and_cuts_long_text_with_an_ellipsis():
    assert charts.shorten("Short  label") == "Short label"
    cut = charts.shorten("x" * 60, limit=20)
    assert len(cut) == 20 and cut.endswith("…")


def test_column_chart_shares_one_scale_across_panels():
    chart = charts.column_chart(
        chart_id="c",
        title="T",
        description="D",
        categories=[("Jan 2025", "Jan 2025"), ("Feb 2025", "Feb 2025")],
        series=[("A", [4, 0]), ("B", [1, 2])],
    )
    assert chart.scale_max == 5
    first, second = chart.panels
    assert first.total == 4 and second.total == 3
    # Heights are proportional on the shared scale and bars sit on their panel's baseline.
    tall, short = first.columns[0], second.columns[0]
    assert tall.height == pytest.approx(short.height * 4)
    assert tall.y + tall.height == pytest.approx(first.baseline)
    assert first.columns[1].height == 0
    assert second.top > first.top
    assert [label.lines for label in chart.axis_labels] == [["Jan", "2025"], ["Feb", "2025"]]


def test_column_chart_thins_axis_labels_for_long_periods():
    categories = [(f"Month {n}", f"M{n} Y") for n in range(61)]
    chart = charts.column_chart(
        chart_id="c", title="T", description="D", categories=categories, series=[("A", [1] * 61)]
    )
    assert len(chart.axis_labels) <= 24
    assert not any(column.show_value for column in chart.panels[0].columns)  # too narrow for figures


def test_bar_chart_scales_to_the_largest_value():
    chart = charts.bar_chart(
        chart_id="b", title="T", description="D", items=[("One", 10, "10"), ("Two", 5, "5")]
    )
    assert chart.bars[0].width == pytest.approx(chart.bars[1].width * 2)
    assert chart.bars[1].y > chart.bars[0].y


def test_diverging_chart_puts_down_left_and_up_right():
    chart = charts.diverging_chart(chart_id="d", title="T", description="D", items=[("Ask", 2, 1)])
    row = chart.rows[0]
    assert row.up_width == pytest.approx(row.down_width * 2)
    assert chart.centre - row.down_width > 330  # clear of the labels


def _render(macro: str, chart: object) -> BeautifulSoup:
    env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=select_autoescape())
    template = env.from_string(f'{{% from "macros/charts.html" import {macro} %}}{{{{ {macro}(chart) }}}}')
    return BeautifulSoup(template.render(chart=chart), "html.parser")


def test_svg_is_named_described_and_escapes_labels():
    chart = charts.bar_chart(
        chart_id="x",
        title="<b>Title</b>",
        description="Desc & more",
        items=[("<script>alert(1)</script>", 3, "3 overdue")],
    )
    document = _render("bar_chart", chart)
    svg = document.select_one("svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "x-title x-desc"
    assert document.select_one("title#x-title").get_text() == "<b>Title</b>"
    assert "<script>" not in str(document)
    assert "&lt;script&gt;" in str(document)
    assert [text.get_text() for text in svg.select("text")] == ["<script>alert(1)</script>", "3 overdue"]


def test_column_and_diverging_charts_write_figures_as_text():
    column = charts.column_chart(
        chart_id="c",
        title="T",
        description="D",
        categories=[("Jan 2025", "Jan 2025")],
        series=[("<i>S</i>", [3])],
    )
    texts = [text.get_text() for text in _render("column_chart", column).select("text")]
    assert "<i>S</i> (3 in all)" in texts and "3" in texts
    diverging = charts.diverging_chart(chart_id="d", title="T", description="D", items=[("Ask 1", 2, 0)])
    texts = [text.get_text() for text in _render("diverging_chart", diverging).select("text")]
    assert "2 up" in texts and "0 down" in texts
