"""Engine-level behaviour shared by every connection, and the request's commit point."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

_registered = False


def register_engine_events() -> None:
    """Make SQLite behave like the production database where it matters.

    pysqlite's own transaction handling breaks SAVEPOINT (used by the tests' per-test rollback
    and by nested writes) and leaves foreign keys unenforced; the SQLAlchemy-documented fix is to
    turn pysqlite's handling off and emit BEGIN ourselves.
    """
    global _registered
    if _registered:
        return
    _registered = True

    @event.listens_for(Engine, "connect")
    def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA foreign_keys=ON")
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA busy_timeout=5000")
            # A page cache of up to 32 MiB per connection (the default is 2 MiB): the lists read
            # thousands of rows by rowid, and with pages kept between requests the outstanding-
            # actions review's SQL took 25-30% less time at medium size (bench/RESULTS.md).
            dbapi_connection.execute("PRAGMA cache_size=-32768")

    @event.listens_for(Engine, "begin")
    def _sqlite_on_begin(connection: Connection) -> None:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE" if _request_writes() else "BEGIN")


def _request_writes() -> bool:
    """A request that may write takes SQLite's write lock when its transaction starts.

    With a plain (deferred) BEGIN, a request that reads and then writes cannot upgrade its read
    snapshot once another worker has committed (SQLITE_BUSY_SNAPSHOT), and busy_timeout does not
    wait in that case: concurrent saves failed with "database is locked". BEGIN IMMEDIATE makes
    writers queue for the lock instead.
    """
    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
