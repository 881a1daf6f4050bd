"""Personal data under UK GDPR: subject access export, erasure, and the retention review.

The export is made by an admin for a subject access request, so it is complete: it does not go
through the access scope (admins see every record anyway, and the route is admin-only).

Erasure removes the personal fields but keeps the row, so engagements and actions still link to
it, anonymised. The automatic audit (crm.services.audit) would copy every changed field's old
value into the trail; the erasure therefore writes with UPDATE statements, which the ORM flush
listener never sees, and records its own "erase" event naming the fields removed, not their values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from crm.extensions import db
from crm.models import (
    Action,
    AuditEvent,
    Classification,
    Engagement,
    Organisation,
    Person,
    PersonRole,
    User,
    engagement_people,
)
from crm.services.access import visibility_clause
from crm.services.audit import record_event
from crm.services.pagination import Page, paginate
from crm.services.people.record import get_person, organisation_history

# Fields that identify or describe the person; erasure blanks them (the name becomes a placeholder).
PERSONAL_FIELDS = ("name", "job_title", "email", "phone", "notes")
RETENTION_YEARS_DEFAULT = 6
RETENTION_YEARS_MAX = 100


def erased_name(person_id: int) -> str:
    """What an erased person is called from then on."""
    return f"Erased person #{person_id}"


@dataclass(frozen=True)
class SubjectAccess:
    """Everything held about one person."""

    person: Person
    roles: list[PersonRole]
    engagements: list[Engagement]
    actions: list[Action]
    audit_events: list[AuditEvent]
    exported_at: datetime

    @property
    def classification(self) -> Classification:
        """The highest marking of what the export contains."""
        return Classification.highest(
            [e.classification for e in self.engagements] + [a.classification for a in self.actions]
        )


def subject_access(person_id: int, *, now: datetime) -> SubjectAccess | None:
    """Everything held about the person (None when there is no such person).

    Complete by design: engagements and actions are not filtered by the access scope, so only
    admins may call this (the views are admin-only). Six queries whatever the history.
    """
    person = get_person(person_id)
    if person is None:
        return None
    engagements = db.session.scalars(
        select(Engagement)
        .join(engagement_people, engagement_people.c.engagement_id == Engagement.id)
        .where(engagement_people.c.person_id == person.id)
        .options(selectinload(Engagement.organisations))
        .order_by(Engagement.starts_at.desc(), Engagement.id.desc())
    )
    actions = db.session.scalars(
        select(Action)
        .where(Action.owner_person_id == person.id)
        .options(joinedload(Action.owner_organisation))
        .order_by(Action.created_at.desc(), Action.id.desc())
    )
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "Person", AuditEvent.entity_id == person.id)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    return SubjectAccess(
        person=person,
        roles=organisation_history(person),
        engagements=list(engagements.unique()),
        actions=list(actions),
        audit_events=list(events),
        exported_at=now,
    )


def subject_access_json(data: SubjectAccess) -> dict[str, Any]:
    """The export as plain JSON-ready values (dates in ISO 8601, times in UTC)."""
    person = data.person

    def organisation(org: Organisation | None) -> dict[str, Any] | None:
        return None if org is None else {"id": org.id, "name": org.name}

    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "exported_at": iso(data.exported_at),
        "classification": data.classification.label,
        "person": {
            "id": person.id,
            "name": person.name,
            "job_title": person.job_title,
            "email": person.email,
            "phone": person.phone,
            "notes": person.notes,
            "do_not_contact": person.do_not_contact,
            "organisation": organisation(person.organisation),
            "created_at": iso(person.created_at),
            "updated_at": iso(person.updated_at),
            "erased_at": iso(person.erased_at),
        },
        "organisation_history": [
            {
                "organisation": organisation(role.organisation),
                "job_title": role.job_title,
                "started_on": iso(role.started_on),
                "ended_on": iso(role.ended_on),
            }
            for role in data.roles
        ],
        "engagements_attended": [
            {
                "id": engagement.id,
                "title": engagement.title,
                "kind": engagement.kind.value,
                "starts_at": iso(engagement.starts_at),
                "classification": engagement.classification.label,
                "organisations": [organisation(org) for org in engagement.organisations],
            }
            for engagement in data.engagements
        ],
        "actions_naming_them": [
            {
                "id": action.id,
                "title": action.title,
                "status": action.status.value,
                "due_on": iso(action.due_on),
                "owner_organisation": organisation(action.owner_organisation),
                "classification": action.classification.label,
            }
            for action in data.actions
        ],
        "audit_events": [
            {
                "id": event.id,
                "occurred_at": iso(event.occurred_at),
                "event": event.event,
                "actor": event.actor.name if event.actor else None,
                "changes": event.changes,
            }
            for event in data.audit_events
        ],
    }


def record_export(person: Person, *, export_format: str) -> None:
    """Audit a subject access export (the caller commits)."""
    record_event("export", entity=person, details={"format": export_format})


def erase_person(person: Person, *, now: datetime) -> None:
    """Remove the person's personal data for good, keeping their links to engagements and actions.

    The name becomes "Erased person #<id>"; job title, email, phone and notes are blanked, here
    and on their organisation history; erased_at is set and the version moves on (an edit opened
    before the erasure is refused). The UPDATEs bypass the flush listener so the old values are not
    copied into the audit trail; the "erase" event names the fields removed, never their values.
    Flushes nothing itself; the caller commits.
    """
    db.session.flush()  # anything already pending is written (and audited) first, as usual
    db.session.execute(
        update(Person)
        .where(Person.id == person.id)
        .values(
            name=erased_name(person.id),
            job_title="",
            email="",
            phone="",
            notes="",
            erased_at=now,
            updated_at=now,
            version=Person.version + 1,
        )
    )
    db.session.execute(
        update(PersonRole).where(PersonRole.person_id == person.id).values(job_title="", updated_at=now)
    )
    record_event("erase", entity=person, details={"fields_removed": list(PERSONAL_FIELDS)})


@dataclass(frozen=True)
class RetentionRow:
    """A person due for review, and when they last attended an engagement the user may read."""

    person: Person
    last_engagement: datetime | None


def retention_cutoff(now: datetime, years: int) -> datetime:
    """The same moment `years` years ago (29 February becomes 28 February)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return (now - timedelta(days=1)).replace(year=now.year - years)


def retention_review(
    *, years: int, user: User, now: datetime, number: int, per_page: int
) -> Page[RetentionRow]:
    """People recorded more than `years` years ago with no engagement since, longest quiet first.

    Computed in the database (two queries). Engagements count through the access scope, like every
    read: admins, who decide on erasure, see every engagement.
    """
    cutoff = retention_cutoff(now, years)
    attended = engagement_people.c
    recent = exists().where(
        attended.person_id == Person.id,
        Engagement.id == attended.engagement_id,
        Engagement.starts_at >= cutoff,
        visibility_clause(Engagement, user),
    )
    last_engagement = (
        select(func.max(Engagement.starts_at))
        .join(engagement_people, attended.engagement_id == Engagement.id)
        .where(attended.person_id == Person.id, visibility_clause(Engagement, user))
        .correlate(Person)
        .scalar_subquery()
    )
    stmt = (
        select(Person, last_engagement.label("last_engagement"))
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .options(contains_eager(Person.organisation))
        .where(Person.erased_at.is_(None), Person.created_at < cutoff, ~recent)
        .order_by(last_engagement.asc().nulls_first(), func.lower(Person.name), Person.id)
    )
    page = paginate(stmt, number=number, per_page=per_page, scalars=False)
    rows = [RetentionRow(person=person, last_engagement=last) for person, last in page.items]
    return Page(items=rows, number=page.number, per_page=page.per_page, total=page.total)
