"""One cell of the scorecard: a company's commitment on an ask, its history, its evidence, its updates.

The status history comes from the audit trail (every change to a Commitment is audited in the same
transaction), so it cannot disagree with what happened. The evidence is the engagements that touched
the ask with the company, read through the access scope: an officer never sees an OFFICIAL-SENSITIVE
engagement outside their access team listed as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.models import (
    Ask,
    AuditEvent,
    Classification,
    Commitment,
    CommitmentStatus,
    Engagement,
    Organisation,
    Sector,
    User,
    engagement_asks,
    engagement_organisations,
)
from crm.services.access import visible

STATUS_EVENTS = ("create", "update")


@dataclass(frozen=True)
class StatusChange:
    """One change of status: before is None when the commitment was first recorded (until then the
    company showed as not engaged)."""

    when: datetime
    actor: User | None
    before: CommitmentStatus | None
    after: CommitmentStatus


@dataclass(frozen=True)
class Evidence:
    """An engagement that touched the ask with the company, with the sectors that took part."""

    engagement: Engagement
    sectors: list[Sector]


def get_commitment(*, organisation_id: int, ask_id: int) -> Commitment | None:
    """The commitment of an organisation on an ask; None when nothing has been recorded yet."""
    return db.session.scalar(
        select(Commitment).where(Commitment.organisation_id == organisation_id, Commitment.ask_id == ask_id)
    )


def _status(value: object) -> CommitmentStatus | None:
    try:
        return CommitmentStatus(str(value))
    except ValueError:
        return None


def status_history(*, commitment: Commitment | None) -> list[StatusChange]:
    """Every change of the commitment's status, newest first, from its audit events (one query)."""
    if commitment is None or commitment.id is None:
        return []
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == "Commitment",
            AuditEvent.entity_id == commitment.id,
            AuditEvent.event.in_(STATUS_EVENTS),
        )
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    changes = []
    for event in events:
        recorded = (event.changes or {}).get("status")
        if event.event == "create" and recorded is not None:
            before, after = None, _status(recorded)
        elif isinstance(recorded, list) and len(recorded) == 2:
            before, after = _status(recorded[0]), _status(recorded[1])
        else:
            continue  # an update that changed only the notes or the review date
        if after is not None:
            changes.append(
                StatusChange(when=event.occurred_at, actor=event.actor, before=before, after=after)
            )
    return changes


def evidence(*, organisation_id: int, ask_id: int, user: User, now: datetime) -> list[Evidence]:
    """Engagements the user may read that touched the ask with the organisation, newest first.

    Only engagements already held count: a meeting booked for next week is not yet evidence.
    """
    stmt = (
        select(Engagement)
        .join(engagement_asks, engagement_asks.c.engagement_id == Engagement.id)
        .join(engagement_organisations, engagement_organisations.c.engagement_id == Engagement.id)
        .where(
            engagement_asks.c.ask_id == ask_id,
            engagement_organisations.c.organisation_id == organisation_id,
            Engagement.starts_at <= now,
        )
        .options(selectinload(Engagement.organisations))
        .order_by(Engagement.starts_at.desc(), Engagement.id.desc())
    )
    engagements = db.session.scalars(visible(stmt, Engagement, user))
    return [
        Evidence(
            engagement=engagement,
            sectors=[
                sector for sector in Sector if any(o.sector == sector for o in engagement.organisations)
            ],
        )
        for engagement in engagements
    ]


def highest_marking(items: list[Evidence]) -> Classification:
    """The marking the commitment page shows: the highest of the evidence it lists."""
    return Classification.highest([item.engagement.classification for item in items])


def save_commitment(
    *,
    organisation: Organisation,
    ask: Ask,
    commitment: Commitment | None,
    status: CommitmentStatus,
    notes: str,
    last_reviewed_on: date,
) -> Commitment:
    """Record a company's position on an ask, creating the commitment the first time. Flushes.

    The caller checks the version first (crm.services.locking.ensure_current) when one exists.
    """
    if commitment is None:
        commitment = Commitment(organisation=organisation, ask=ask)
        db.session.add(commitment)
    commitment.status = status
    commitment.notes = notes
    commitment.last_reviewed_on = last_reviewed_on
    db.session.flush()
    return commitment


@dataclass(frozen=True)
class ReviewPair:
    """A technology company and an ask an engagement touched, with where the company stands on it."""

    organisation: Organisation
    ask: Ask
    commitment: Commitment | None

    @property
    def status(self) -> CommitmentStatus:
        return self.commitment.status if self.commitment else CommitmentStatus.NOT_ENGAGED


def get_visible_engagement(*, engagement_id: int, user: User) -> Engagement | None:
    """An engagement the user may read, with its organisations and asks; None otherwise."""
    stmt = (
        select(Engagement)
        .where(Engagement.id == engagement_id)
        .options(
            selectinload(Engagement.organisations),
            selectinload(Engagement.asks).selectinload(Ask.framework),
        )
    )
    return db.session.scalar(visible(stmt, Engagement, user))


def review_pairs(*, engagement: Engagement) -> list[ReviewPair]:
    """Each (technology company x ask) the engagement touched, with the current commitment (one query)."""
    companies = sorted(
        (o for o in engagement.organisations if o.sector == Sector.TECHNOLOGY and o.archived_at is None),
        key=lambda o: (o.name.lower(), o.id),
    )
    asks = list(engagement.asks)
    if not companies or not asks:
        return []
    commitments = db.session.scalars(
        select(Commitment).where(
            Commitment.organisation_id.in_([o.id for o in companies]),
            Commitment.ask_id.in_([a.id for a in asks]),
        )
    )
    by_cell = {(c.organisation_id, c.ask_id): c for c in commitments}
    return [
        ReviewPair(organisation=company, ask=ask, commitment=by_cell.get((company.id, ask.id)))
        for company in companies
        for ask in sorted(asks, key=lambda a: (a.framework.name, a.framework_id, a.position))
    ]
