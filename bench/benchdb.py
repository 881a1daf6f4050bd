"""Plain DB-API access to the benchmark database, shared by the runner and the floor app.

No ORM and no SQLAlchemy engine: one sqlite3 or psycopg connection per process, SQL written by hand
with :name parameters (rewritten to %(name)s for psycopg), list parameters expanded into IN (...).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def parse_url(url: str) -> tuple[str, str]:
    """(dialect, target) from a SQLAlchemy URL: ("sqlite", path) or ("postgresql", conninfo)."""
    if url.startswith("sqlite:///"):
        return "sqlite", url[len("sqlite:///") :]
    if url.startswith("postgresql"):
        parts = urlsplit(url)
        conninfo = {
            "host": parts.hostname or "127.0.0.1",
            "port": str(parts.port or 5432),
            "user": unquote(parts.username or "root"),
            "dbname": parts.path.lstrip("/"),
        }
        if parts.password:
            conninfo["password"] = unquote(parts.password)
        return "postgresql", " ".join(f"{key}={value}" for key, value in conninfo.items())
    raise ValueError(f"Unsupported database URL: {url}")


class Database:
    """One connection per process (opened lazily, so it is never shared across a gunicorn fork)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect, self.target = parse_url(url)
        self._connection: Any = None
        self._pid = 0
        self.statements = 0

    @property
    def connection(self) -> Any:
        if self._connection is None or self._pid != os.getpid():
            self._connection = self._connect()
            self._pid = os.getpid()
        return self._connection

    def _connect(self) -> Any:
        if self.dialect == "sqlite":
            connection = sqlite3.connect(self.target, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA busy_timeout=5000")
            connection.execute("PRAGMA foreign_keys=ON")
            return connection
        import psycopg

        return psycopg.connect(self.target, autocommit=True)

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    # --- values in the form each driver stores them -------------------------------------------

    def timestamp(self, value: datetime) -> Any:
        """A UTC timestamp parameter (SQLite holds naive UTC text, as SQLAlchemy writes it)."""
        value = value.astimezone(UTC)
        if self.dialect == "sqlite":
            return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return value

    def day(self, value: date) -> Any:
        return value.isoformat() if self.dialect == "sqlite" else value

    # --- SQL that differs between the databases ----------------------------------------------

    def london_month(self, column: str) -> str:
        """ "YYYY-MM" of a UTC timestamp column, in Europe/London (SQLite: the UK summer-time rule)."""
        if self.dialect == "postgresql":
            return f"to_char(({column}) AT TIME ZONE 'Europe/London', 'YYYY-MM')"
        year = f"strftime('%Y', {column})"
        bst_starts = f"datetime({year} || '-03-25', 'weekday 0', '+1 hour')"
        bst_ends = f"datetime({year} || '-10-25', 'weekday 0', '+1 hour')"
        return (
            f"CASE WHEN {column} >= {bst_starts} AND {column} < {bst_ends} "
            f"THEN strftime('%Y-%m', {column}, '+1 hour') ELSE strftime('%Y-%m', {column}) END"
        )

    def date_month(self, column: str) -> str:
        if self.dialect == "postgresql":
            return f"to_char({column}, 'YYYY-MM')"
        return f"strftime('%Y-%m', {column})"

    def json_text(self, column: str, key: str, index: int | None = None) -> str:
        """column[key] (or column[key][index]) of a JSON column, as text."""
        if self.dialect == "postgresql":
            return f"({column} -> '{key}' ->> {index})" if index is not None else f"({column} ->> '{key}')"
        path = f"$.{key}" + (f"[{index}]" if index is not None else "")
        return f"json_extract({column}, '{path}')"

    # --- running SQL ------------------------------------------------------------------------

    def _prepare(self, sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        expanded: dict[str, Any] = {}
        for name, value in params.items():
            if isinstance(value, list | tuple | set | frozenset):
                names = [f"{name}__{index}" for index in range(len(value))]
                sql = re.sub(rf":{name}\b", "(" + (", ".join(f":{n}" for n in names) or "NULL") + ")", sql)
                expanded.update(zip(names, value, strict=True))
            else:
                expanded[name] = value
        if self.dialect == "postgresql":
            sql = _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))
        return sql, expanded

    def rows(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        sql, values = self._prepare(sql, params)
        self.statements += 1
        cursor = self.connection.execute(sql, values)
        return list(cursor.fetchall()) if cursor.description else []

    def one(self, sql: str, **params: Any) -> tuple[Any, ...] | None:
        found = self.rows(sql, **params)
        return found[0] if found else None

    def scalar(self, sql: str, **params: Any) -> Any:
        row = self.one(sql, **params)
        return row[0] if row else None

    def execute(self, sql: str, **params: Any) -> None:
        sql, values = self._prepare(sql, params)
        self.statements += 1
        self.connection.execute(sql, values)

    def begin(self) -> None:
        if self.dialect == "sqlite":
            self.execute("BEGIN IMMEDIATE")
        else:
            self.execute("BEGIN")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        self.execute("ROLLBACK")


def by_key(rows: Iterable[Sequence[Any]]) -> dict[Any, list[Sequence[Any]]]:
    """Group rows by their first column (e.g. organisations by engagement id)."""
    grouped: dict[Any, list[Sequence[Any]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped
