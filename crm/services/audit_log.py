"""Reading the audit trail (admins), filtered and paginated in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import Action, AuditEvent, Commitment, Engagement, Organisation, Person, Role, User
from crm.services.access import can_read
from crm.services.pagination import Page, paginate
from crm.timezones import LONDON


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page is filtered by; every field optional."""

    actor_id: int | None = None
    event: str = ""
    entity_type: str = ""
    entity_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def list_events(*, filters: AuditFilters, number: int, per_page: int) -> Page[AuditEvent]:
    """Audit events, newest first."""
    stmt = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if filters.actor_id is not None:
        stmt = stmt.where(AuditEvent.actor_id == filters.actor_id)
    if filters.event:
        stmt = stmt.where(AuditEvent.event == filters.event)
    if filters.entity_type:
        stmt = stmt.where(AuditEvent.entity_type == filters.entity_type)
    if filters.entity_id is not None:
        stmt = stmt.where(AuditEvent.entity_id == filters.entity_id)
    if filters.date_from:
        stmt = stmt.where(AuditEvent.occurred_at >= _london_midnight(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(AuditEvent.occurred_at < _london_midnight(filters.date_to + timedelta(days=1)))
    stmt = stmt.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    return paginate(stmt, number=number, per_page=per_page)


def event_names() -> list[str]:
    """The kinds of event recorded so far (for the filter)."""
    return list(db.session.scalars(select(AuditEvent.event).distinct().order_by(AuditEvent.event)))


def entity_types() -> list[str]:
    """The kinds of record audited so far (for the filter)."""
    return list(
        db.session.scalars(
            select(AuditEvent.entity_type)
            .where(AuditEvent.entity_type != "")
            .distinct()
            .order_by(AuditEvent.entity_type)
        )
    )


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


@dataclass(frozen=True)
class HistorySubject:
    """The record whose history is shown, and where its own page is."""

    entity_type: str
    record_id: int
    title: str
    href: str


# URL word -> (model name in the audit trail, path of the record's own page).
HISTORY_KINDS = {
    "organisation": ("Organisation", "/organisations/{id}"),
    "person": ("Person", "/people/{id}"),
    "engagement": ("Engagement", "/engagements/{id}"),
    "action": ("Action", "/actions/{id}"),
    "commitment": ("Commitment", ""),
}


def history_subject(*, kind: str, record_id: int, user: User) -> HistorySubject | None:
    """The record for a history page, or None when it does not exist or the user may not read it."""
    if kind not in HISTORY_KINDS:
        return None
    entity_type, href = HISTORY_KINDS[kind]
    model = {
        "Organisation": Organisation,
        "Person": Person,
        "Engagement": Engagement,
        "Action": Action,
        "Commitment": Commitment,
    }[entity_type]
    record = db.session.get(model, record_id)
    if record is None:
        return None
    if isinstance(record, Engagement | Action) and not can_read(record, user):
        return None
    if isinstance(record, Person) and record.erased_at is not None and user.role != Role.ADMIN:
        # The trail keeps what was erased (it cannot be rewritten without breaking the hash chain):
        # after an erasure only admins, who answer data-protection requests, may read it.
        return None
    title = getattr(record, "name", None) or getattr(record, "title", None) or f"{entity_type} {record_id}"
    return HistorySubject(
        entity_type=entity_type, record_id=record_id, title=title, href=href.format(id=record_id)
    )


def record_history(*, subject: HistorySubject, number: int, per_page: int) -> Page[AuditEvent]:
    """Every audit event about one record, newest first."""
    return list_events(
        filters=AuditFilters(entity_type=subject.entity_type, entity_id=subject.record_id),
        number=number,
        per_page=per_page,
    )
