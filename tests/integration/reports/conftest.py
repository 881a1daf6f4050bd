"""Helpers for the report tests: reading a report's table and CSV, counting queries."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from werkzeug.test import TestResponse

from tests.html import page


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run inside the block (savepoint bookkeeping left out)."""
    statements: list[str] = []
    engine = app.extensions["test_engine"]

    def record(_conn, _cursor, statement, _params, _context, _executemany):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


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
