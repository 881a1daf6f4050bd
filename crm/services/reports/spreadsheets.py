"""Spreadsheet files (CSV and XLSX) that are safe to open, with their classification marking first.

tablib does not neutralise spreadsheet formulas: a cell that starts with = + - @, a TAB or a CR may
be run as a formula by Excel or LibreOffice (CSV injection). Every text cell therefore goes through
crm.services.csv_safety.safe_cell (a leading apostrophe), in CSV and XLSX files alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import tablib

from crm.models import Classification
from crm.services.csv_safety import safe_cell


def _cell(value: Any) -> Any:
    """Numbers stay numbers (a spreadsheet never runs one); everything else goes through safe_cell."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return safe_cell(value)


def marked_dataset(
    *, marking: Classification, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tablib.Dataset:
    """A sheet whose first row is the classification marking, then the headers, then the rows."""
    width = len(headers)
    dataset = tablib.Dataset(title=f"{title} {marking.label}"[:31])
    dataset.append([marking.label, *[""] * (width - 1)])
    dataset.append([_cell(header) for header in headers])
    for row in rows:
        dataset.append([_cell(value) for value in row])
    return dataset


def csv_bytes(dataset: tablib.Dataset) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel reads names with accents correctly."""
    return str(dataset.export("csv")).encode("utf-8-sig")


def xlsx_bytes(dataset: tablib.Dataset) -> bytes:
    """An Excel workbook of one sheet."""
    return bytes(dataset.export("xlsx"))


def file_name(*, marking: Classification, stem: str, today: date, extension: str) -> str:
    """ "OFFICIAL-scorecard-home-secretary-2018-2026-03-01.csv": the marking leads the name."""
    return f"{marking.label}-{stem}-{today.isoformat()}.{extension}"
