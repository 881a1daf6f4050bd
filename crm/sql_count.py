"""Opt-in instrumentation for benchmarks: each response says how many SQL statements it ran.

Enabled by CRM_SQL_COUNT_HEADER=1 (never in production): responses carry X-SQL-Statements.
Transaction control is not counted: SQLite's BEGIN is a statement the engine sends
(crm.services.database), PostgreSQL's is implicit in the driver, and the pages should compare alike.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.wrappers import Response

HEADER = "X-SQL-Statements"
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def register(app: Flask) -> None:
    if not app.config.get("CRM_SQL_COUNT_HEADER"):
        return

    @event.listens_for(Engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if has_request_context() and not statement.lstrip().upper().startswith(_TRANSACTION_CONTROL):
            g.sql_statements = g.get("sql_statements", 0) + 1

    @app.after_request
    def _add_header(response: Response) -> Response:
        response.headers[HEADER] = str(g.get("sql_statements", 0))
        return response
