"""Spreadsheet-safe CSV cells: a cell a spreadsheet would read as a formula is neutralised.

Excel, LibreOffice and Google Sheets treat a cell starting with = + - @ (and TAB or CR, which some
of them strip before looking) as a formula: a partner's name like `=HYPERLINK(...)` in an export
would run when an officer opens the file (CSV injection). Such cells get a leading apostrophe,
which spreadsheets show as text and hide. The full-width forms of the same signs are treated
alike, because some spreadsheet locales normalise them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")  # and full-width = + - @


def safe_cell(value: object) -> str:
    """The value as CSV cell text that no spreadsheet will evaluate (None becomes "")."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number (even a negative one) is never read as a formula
    if isinstance(value, enum.Enum):
        value = value.value
    text = value.isoformat() if isinstance(value, datetime | date) else str(value)
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


def safe_row(values: list[object] | tuple[object, ...]) -> list[str]:
    """Every cell of a row made safe with safe_cell."""
    return [safe_cell(value) for value in values]
