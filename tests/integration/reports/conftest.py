"""Helpers for the report tests: reading a report's table and CSV, counting queries."""

from __future__ import annotations

import csv
import io

from werkzeug.test import TestResponse

from tests.html import page
from tests.sql import count_queries  # noqa: F401 (used by this package's tests)


def table_rows(response: TestResponse, table_id: str) -> list[list[str]]:
    """A report table's body as text, row header first."""
    table = page(response).select_one(f"#{table_id}")
    assert table is not None, f"no #{table_id}"
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.select("th, td")]
        for row in table.select("tbody tr")
    ]


def csv_rows(response: TestResponse) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
