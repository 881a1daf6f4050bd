"""Everything the organisation page shows, in a fixed number of queries whatever the history.

Engagements and actions are read through the access scope: OFFICIAL-SENSITIVE records appear only
for their access team and admins, in the timeline, its count and the actions alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.models import (
    FIVE_ASKS_KEY,
    OUTSTANDING_STATUSES,
    Action,
    Ask,
    AuditEvent,
    Commitment,
    Engagement,
    Framework,
    Organisation,
    Person,
    Sector,
    User,
    action_organisations,
    engagement_organisations,
)
from crm.services.access import visible

TIMELINE_LENGTH = 20
PEOPLE_SHOWN = 50
ACTIONS_SHOWN = 50


@dataclass(frozen=True)
class ScorecardCell:
    """One ask of the five-asks framework and where the organisation stands on it (None: not recorded)."""

    ask: Ask
    commitment: Commitment | None


@dataclass(frozen=True)
class OrganisationRecord:
    """The organisation page: the record, its people, timeline, outstanding actions and scorecard row."""

    organisation: Organisation
    people: list[Person]
    more_people: bool
    engagements: list[Engagement]
    engagement_total: int
    owed_by_us: list[Action]
    owed_by_partners: list[Action]
    more_actions: bool
    scorecard: list[ScorecardCell]
    merged_into: Organisation | None

    @property
    def shows_scorecard(self) -> bool:
        """Technology companies always; other sectors only when a position has been recorded."""
        return self.organisation.sector == Sector.TECHNOLOGY or any(
            cell.commitment for cell in self.scorecard
        )


def organisation_record(*, organisation_id: int, user: User) -> OrganisationRecord | None:
    """The organisation page's data, or None when there is no such organisation."""
    organisation = db.session.scalar(
        select(Organisation)
        .where(Organisation.id == organisation_id)
        .options(
            joinedload(Organisation.lead_officer),
            joinedload(Organisation.parent),
            selectinload(Organisation.aliases),
            selectinload(Organisation.tags),
            selectinload(Organisation.children),
        )
    )
    if organisation is None:
        return None
    people = list(
        db.session.scalars(
            select(Person)
            .where(Person.organisation_id == organisation.id)
            .order_by(func.lower(Person.name), Person.id)
            .limit(PEOPLE_SHOWN + 1)
        )
    )
    engagements, engagement_total = _timeline(organisation.id, user)
    actions = _outstanding_actions(organisation.id, user)
    return OrganisationRecord(
        organisation=organisation,
        people=people[:PEOPLE_SHOWN],
        more_people=len(people) > PEOPLE_SHOWN,
        engagements=engagements,
        engagement_total=engagement_total,
        owed_by_us=[action for action in actions[:ACTIONS_SHOWN] if action.owner_organisation_id is None],
        owed_by_partners=[
            action for action in actions[:ACTIONS_SHOWN] if action.owner_organisation_id is not None
        ],
        more_actions=len(actions) > ACTIONS_SHOWN,
        scorecard=_scorecard_row(organisation.id),
        merged_into=_merged_into(organisation) if organisation.archived_at is not None else None,
    )


def _timeline(organisation_id: int, user: User) -> tuple[list[Engagement], int]:
    """The latest engagements the user may read (newest first), and how many there are in all."""
    link = engagement_organisations
    involving = visible(
        select(Engagement)
        .join(link, link.c.engagement_id == Engagement.id)
        .where(link.c.organisation_id == organisation_id),
        Engagement,
        user,
    )
    engagements = list(
        db.session.scalars(
            involving.options(selectinload(Engagement.officers))
            .order_by(Engagement.starts_at.desc(), Engagement.id.desc())
            .limit(TIMELINE_LENGTH)
        )
    )
    total = db.session.scalar(select(func.count()).select_from(involving.subquery())) or 0
    return engagements, total


def _outstanding_actions(organisation_id: int, user: User) -> list[Action]:
    """Outstanding actions the organisation owes or is named on, that the user may read; due first."""
    named = select(action_organisations.c.action_id).where(
        action_organisations.c.organisation_id == organisation_id
    )
    stmt = visible(
        select(Action).where(
            Action.status.in_(OUTSTANDING_STATUSES),
            or_(Action.owner_organisation_id == organisation_id, Action.id.in_(named)),
        ),
        Action,
        user,
    )
    return list(
        db.session.scalars(
            stmt.options(
                joinedload(Action.owner_user),
                joinedload(Action.owner_organisation),
                joinedload(Action.owner_person),
                joinedload(Action.chaser),
            )
            .order_by(Action.due_on.asc().nulls_last(), Action.id)
            .limit(ACTIONS_SHOWN + 1)
        )
    )


def _scorecard_row(organisation_id: int) -> list[ScorecardCell]:
    """The asks of the 2018 framework in order, each with the organisation's commitment if any."""
    rows: Any = db.session.execute(
        select(Ask, Commitment)
        .join(Framework, Framework.id == Ask.framework_id)
        .outerjoin(
            Commitment, and_(Commitment.ask_id == Ask.id, Commitment.organisation_id == organisation_id)
        )
        .where(Framework.key == FIVE_ASKS_KEY)
        .order_by(Ask.position)
    )
    return [ScorecardCell(ask=ask, commitment=commitment) for ask, commitment in rows]


def _merged_into(organisation: Organisation) -> Organisation | None:
    """The organisation this one was merged into (the merge's audit event names it)."""
    event = db.session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.event == "merge",
            AuditEvent.entity_type == "Organisation",
            AuditEvent.entity_id == organisation.id,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    survivor_id = (event.changes or {}).get("survivor_id") if event is not None else None
    return db.session.get(Organisation, survivor_id) if isinstance(survivor_id, int) else None
