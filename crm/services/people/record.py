"""A person's page: contact details, organisation history, engagements and actions.

Engagements and actions are read through the access scope (crm.services.access): an
OFFICIAL-SENSITIVE record outside the user's access group never shows here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm.extensions import db
from crm.models import Action, Engagement, Person, PersonRole, User, engagement_people
from crm.services.access import visible

# The page lists this many engagements at most (newest first) and says when there are more.
ENGAGEMENTS_SHOWN = 100


@dataclass(frozen=True)
class PersonRecord:
    """Everything the person's page shows."""

    person: Person
    roles: list[PersonRole]
    engagements: list[Engagement]
    more_engagements: bool
    actions: list[Action]


def get_person(person_id: int) -> Person | None:
    """The person with their current organisation, or None."""
    return db.session.scalars(
        select(Person).where(Person.id == person_id).options(joinedload(Person.organisation))
    ).one_or_none()


def organisation_history(person: Person) -> list[PersonRole]:
    """The person's spells at organisations, newest first (the current one, with no end, first)."""
    return list(
        db.session.scalars(
            select(PersonRole)
            .where(PersonRole.person_id == person.id)
            .options(joinedload(PersonRole.organisation))
            .order_by(
                PersonRole.ended_on.is_(None).desc(),
                PersonRole.started_on.desc().nulls_last(),
                PersonRole.id.desc(),
            )
        )
    )


def person_record(person_id: int, *, user: User) -> PersonRecord | None:
    """The person's page for this user, or None when there is no such person.

    Four queries whatever the history: the person, their organisation history, the engagements
    they attended and the actions that name them.
    """
    person = get_person(person_id)
    if person is None:
        return None
    engagements = list(
        db.session.scalars(
            visible(
                select(Engagement)
                .join(engagement_people, engagement_people.c.engagement_id == Engagement.id)
                .where(engagement_people.c.person_id == person.id)
                .order_by(Engagement.starts_at.desc(), Engagement.id.desc())
                .limit(ENGAGEMENTS_SHOWN + 1),
                Engagement,
                user,
            )
        )
    )
    actions = list(
        db.session.scalars(
            visible(
                select(Action)
                .where(Action.owner_person_id == person.id)
                .options(joinedload(Action.owner_organisation))
                .order_by(Action.created_at.desc(), Action.id.desc()),
                Action,
                user,
            )
        )
    )
    return PersonRecord(
        person=person,
        roles=organisation_history(person),
        engagements=engagements[:ENGAGEMENTS_SHOWN],
        more_engagements=len(engagements) > ENGAGEMENTS_SHOWN,
        actions=actions,
    )
