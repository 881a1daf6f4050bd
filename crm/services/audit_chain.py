"""A hash chain over the audit trail, so that an edited or deleted audit row is detectable.

Each event stores prev_hash (the hash of the event before it, by id) and hash = SHA-256 of its own
content and prev_hash. Events are sealed as they are flushed; on PostgreSQL a transaction-scoped
advisory lock makes concurrent writers take turns, so the chain never forks. `flask audit verify`
walks the chain and reports the first row that does not fit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session, scoped_session

from crm.models import AuditEvent
from crm.models.base import utcnow

# Any fixed number: the key of the advisory lock that serialises audit writers on PostgreSQL.
_CHAIN_LOCK_KEY = 727_001
_LAST_HASH = "crm.audit.last-hash"


def event_hash(audit_event: AuditEvent, prev_hash: str) -> str:
    """SHA-256 of the event's content and the previous hash (stable across databases)."""
    occurred_at = audit_event.occurred_at
    content = {
        "occurred_at": occurred_at.isoformat() if occurred_at else "",
        "actor_id": audit_event.actor_id,
        "event": audit_event.event,
        "entity_type": audit_event.entity_type or "",
        "entity_id": audit_event.entity_id,
        "changes": audit_event.changes or {},
        "remote_addr": audit_event.remote_addr or "",
        "prev_hash": prev_hash,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def seal_new_events(session: Session) -> None:
    """Give each audit event about to be inserted its place in the chain, in insertion order."""
    new_events = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new_events:
        return
    new_events.sort(key=lambda obj: inspect(obj).insert_order or 0)
    previous = session.info.get(_LAST_HASH)
    if previous is None:
        previous = _last_committed_hash(session)
    for audit_event in new_events:
        audit_event.occurred_at = audit_event.occurred_at or utcnow()
        audit_event.changes = audit_event.changes or {}
        audit_event.remote_addr = audit_event.remote_addr or ""
        audit_event.prev_hash = previous
        audit_event.hash = previous = event_hash(audit_event, previous)
    session.info[_LAST_HASH] = previous


def forget_chain_position(session: Session) -> None:
    """After a rollback the remembered last hash may belong to an event that no longer exists."""
    session.info.pop(_LAST_HASH, None)


def _last_committed_hash(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})
    last = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return last or ""


@dataclass(frozen=True)
class ChainProblem:
    """The first audit row that does not fit the chain."""

    event_id: int
    reason: str


def verify_chain(
    session: Session | scoped_session[Any], *, batch_size: int = 1000
) -> tuple[int, ChainProblem | None]:
    """Walk the whole trail in id order; (events checked, first problem or None)."""
    previous = ""
    checked = 0
    for row in _events_in_order(session, batch_size):
        if row.prev_hash != previous:
            return checked, ChainProblem(
                row.id, "does not follow the event before it (a row was deleted or edited)"
            )
        if row.hash != event_hash(row, row.prev_hash):
            return checked, ChainProblem(row.id, "its content does not match its hash (the row was edited)")
        previous = row.hash
        checked += 1
    return checked, None


def _events_in_order(session: Session | scoped_session[Any], batch_size: int) -> Iterator[Any]:
    last_id = 0
    while True:
        batch = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch_size)
        ).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
        session.expunge_all()  # keep memory flat on a long trail
