"""Counting the SQL statements a request runs: pages must run a fixed number whatever the data size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run inside the block, the test harness's savepoint bookkeeping left out."""
    statements: list[str] = []
    engine = app.extensions["test_engine"]

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
