"""The audit trail, written in the same transaction as every change.

A before_flush listener turns each insert, update and delete of an editable record into an
AuditEvent, so no write path can forget to audit. Events that are not row changes (sign-in,
export, merge) are recorded with record_event().
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from crm.extensions import db
from crm.models import AuditEvent, Base, Setting
from crm.models.base import Versioned
from crm.services.audit_chain import forget_chain_position, seal_new_events

# Never copied into the trail: secrets, and bookkeeping that changes on every write.
UNAUDITED_FIELDS = frozenset(
    {
        "password_hash",
        "session_version",
        "totp_secret",
        "calendar_token",
        "version",
        "created_at",
        "updated_at",
        "last_sign_in_at",
    }
)
_registered = False
_PENDING = "crm.audit.pending"


def register_listeners() -> None:
    """Audit every flushed change to an editable (Versioned) record. Safe to call twice."""
    global _registered
    if not _registered:
        event.listen(Session, "before_flush", _audit_flush)
        event.listen(Session, "after_flush_postexec", _write_events)
        event.listen(Session, "after_soft_rollback", _forget_pending)
        event.listen(Session, "after_commit", forget_chain_position)
        _registered = True


def record_event(
    event_name: str,
    *,
    entity: Base | None = None,
    entity_type: str = "",
    entity_id: int | None = None,
    details: dict[str, Any] | None = None,
    actor_id: int | None = None,
) -> AuditEvent:
    """Add an audit event that is not a plain row change (sign-in, export, merge) to the session."""
    if entity is not None:
        entity_type, entity_id = type(entity).__name__, getattr(entity, "id", None)
    audit_event = AuditEvent(
        event=event_name,
        entity_type=entity_type,
        entity_id=entity_id,
        changes=_jsonable(details or {}),
        actor_id=actor_id if actor_id is not None else _current_actor_id(),
        remote_addr=_remote_addr(),
    )
    db.session.add(audit_event)
    return audit_event


def _audit_flush(session: Session, _flush_context: UOWTransaction, _instances: Any) -> None:
    """Note each change before it is written: attribute history is gone once the flush is done."""
    seal_new_events(session)
    pending = session.info.setdefault(_PENDING, [])
    pending += [("create", obj, _snapshot(obj)) for obj in session.new if _audited(obj)]
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj):
            changes = _changes(obj)
            if changes:
                pending.append(("update", obj, changes))
    pending += [("delete", obj, _snapshot(obj)) for obj in session.deleted if _audited(obj)]


def _write_events(session: Session, _flush_context: UOWTransaction) -> None:
    """Add the noted events once new rows have ids; commit flushes them in the same transaction."""
    pending = session.info.pop(_PENDING, [])
    if not pending:
        return
    actor_id, remote_addr = _current_actor_id(), _remote_addr()
    session.add_all(
        AuditEvent(
            event=event_name,
            entity_type=type(obj).__name__,
            entity_id=_identity(obj),
            actor_id=actor_id,
            remote_addr=remote_addr,
            changes=_jsonable(changes),
        )
        for event_name, obj, changes in pending
    )


def _audited(obj: object) -> bool:
    # Settings are audited too, except the internal demo marker churns nothing worth keeping.
    return (
        isinstance(obj, Versioned)
        and not isinstance(obj, AuditEvent)
        and not (isinstance(obj, Setting) and obj.key.startswith("internal."))
    )


def _identity(obj: Any) -> int | None:
    value = getattr(obj, "id", None)
    return value if isinstance(value, int) else None


def _snapshot(obj: Any) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {
        column.key: _jsonable(getattr(obj, column.key))
        for column in mapper.column_attrs
        if column.key not in UNAUDITED_FIELDS and getattr(obj, column.key) is not None
    }


def _changes(obj: Any) -> dict[str, Any]:
    """{field: [before, after]} for changed columns, and added/removed ids for collections."""
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in UNAUDITED_FIELDS:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before != after:
                changes[attr.key] = [_jsonable(before), _jsonable(after)]
    for rel in state.mapper.relationships:
        if not rel.uselist or rel.key not in state.attrs:
            continue
        history = state.attrs[rel.key].history
        if history.added or history.deleted:
            # Objects, not ids: a record added in this flush has no id until it is written.
            changes[rel.key] = {"added": list(history.added), "removed": list(history.deleted)}
    return changes


def _forget_pending(session: Session, _previous_transaction: Any) -> None:
    session.info.pop(_PENDING, None)
    forget_chain_position(session)


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Base):
        return _identity(value)
    return value


def _current_actor_id() -> int | None:
    if not has_request_context():
        return None
    user = current_user
    return user.id if user and user.is_authenticated else None


def _remote_addr() -> str:
    return (request.remote_addr or "")[:64] if has_request_context() else ""
