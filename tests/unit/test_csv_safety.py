"""CSV cells that a spreadsheet would run as formulas are neutralised with a leading apostrophe."""

from __future__ import annotations

import enum
from datetime import date, datetime

import pytest

from crm.services.csv_safety import safe_cell, safe_row


@pytest.mark.parametrize(
    "payload",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","click")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "\uff1d1+1",  # full-width equals
    ],
)
def test_formula_starts_get_an_apostrophe(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize(
    "text", ["Kestrel Social", "", " =not at the start", "a=b", "'already quoted", "100%"]
)
def test_ordinary_text_is_unchanged(text):
    assert safe_cell(text) == text


def test_other_values_become_text():
    class Colour(enum.Enum):
        RED = "=red"

    assert safe_cell(None) == ""
    assert safe_cell(-5) == "-5"  # a number is never a formula
    assert safe_cell(2.5) == "2.5"
    assert safe_cell(True) == "True"
    assert safe_cell(date(2026, 3, 3)) == "2026-03-03"
    assert safe_cell(datetime(2026, 3, 3, 14, 5)) == "2026-03-03T14:05:00"
    assert safe_cell(Colour.RED) == "'=red"


def test_safe_row():
    assert safe_row(["=x", "y", None]) == ["'=x", "y", ""]
