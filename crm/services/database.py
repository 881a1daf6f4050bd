"""Engine-level behaviour shared by every connection, and the request's commit point."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session

from crm.extensions import db

log = logging.getLogger(__name__)
# Session.info key: the session wrote (a flush, or an INSERT, UPDATE or DELETE it executed) in a
# transaction it has not committed yet.
UNCOMMITTED_WRITES = "crm_uncommitted_writes"

_registered = False


def register_engine_events() -> None:
    """Make SQLite behave like the production database where it matters.

    pysqlite's own transaction handling breaks SAVEPOINT (used by the tests' per-test rollback
    and by nested writes) and leaves foreign keys unenforced; the SQLAlchemy-documented fix is to
    turn pysqlite's handling off and emit BEGIN ourselves. Also marks sessions that wrote something
    they have not committed (see register_request_end).
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

    # For register_request_end: whether the session wrote something not yet committed.
    @event.listens_for(Session, "after_flush")
    def _flushed(session: Session, _context: Any) -> None:
        session.info[UNCOMMITTED_WRITES] = True

    @event.listens_for(Session, "do_orm_execute")
    def _executed(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[UNCOMMITTED_WRITES] = True

    @event.listens_for(Session, "after_commit")
    @event.listens_for(Session, "after_rollback")
    def _ended(session: Session) -> None:
        session.info.pop(UNCOMMITTED_WRITES, None)


def _request_writes() -> bool:
    """A request that may write takes SQLite's write lock when its transaction starts.

    With a plain (deferred) BEGIN, a request that reads and then writes cannot upgrade its read
    snapshot once another worker has committed (SQLITE_BUSY_SNAPSHOT), and busy_timeout does not
    wait in that case: concurrent saves failed with "database is locked". BEGIN IMMEDIATE makes
    writers queue for the lock instead.
    """
    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")


def register_request_end(app: Flask) -> None:
    """End a GET that changed nothing with COMMIT rather than ROLLBACK.

    Both end a transaction that wrote nothing in the same way, but psycopg forgets every prepared
    statement of the connection on ROLLBACK (DEALLOCATE ALL), so PostgreSQL planned each statement
    of a page afresh on every request (6 ms of an organisation page's 7 ms for its outstanding
    actions). Committed instead, the statements a page repeats are prepared after five runs and
    their plans kept on the pooled connection. Everything else is still rolled back by the session's
    removal, as before, so nothing is saved that a view did not commit: a request that may write
    (POST and the like: they commit what they save), one that failed, and one whose session wrote
    or holds changes it has not committed.
    """

    @app.teardown_request
    def _end_unchanged_transaction(error: BaseException | None) -> None:
        session = db.session()
        if error is not None or _request_writes() or not session.in_transaction():
            return
        if session.info.get(UNCOMMITTED_WRITES) or session.new or session.dirty or session.deleted:
            return
        try:
            session.commit()
        except SQLAlchemyError:
            log.warning("could not end a read-only transaction; rolling it back", exc_info=True)
            session.rollback()
