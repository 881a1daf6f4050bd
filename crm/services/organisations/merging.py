"""Merging a duplicate organisation (the loser) into the record that stays (the survivor). Admins only.

Everything that points at the loser moves to the survivor in one transaction: people and their
role history, engagements, actions (owed by it or naming it), commitments, child organisations,
other names and tags. The loser's name becomes another name of the survivor. The loser is archived,
not deleted: old links and bookmarks still lead somewhere, and its page points to the survivor
through the "merge" audit event written in the same transaction.

Commitments: when both have a position on the same ask, the one reviewed most recently wins
(a position never reviewed counts as oldest; a tie keeps the survivor's). It is kept on the
survivor's row, and the other one's notes are appended to it, so nothing written is lost.

Changes go through the ORM, so each moved record is audited and its version moves on (an officer
editing a moved person at the same moment gets a conflict, not a silent overwrite).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import (
    Action,
    AliasKind,
    Commitment,
    Engagement,
    Organisation,
    OrganisationAlias,
    Person,
    PersonRole,
    action_organisations,
    engagement_organisations,
)
from crm.models.base import utcnow
from crm.services.audit import record_event


class MergeError(ValueError):
    """A merge that cannot be done (the same organisation twice, or keeping an archived one)."""


@dataclass(frozen=True)
class MergeSummary:
    """How many records move (or moved) from the loser to the survivor."""

    people: int = 0
    engagements: int = 0
    actions: int = 0
    commitments: int = 0
    children: int = 0
    other_names: int = 0
    tags: int = 0


def check_merge(*, survivor: Organisation, loser: Organisation) -> None:
    """Raise MergeError unless the loser can be merged into the survivor."""
    if survivor.id == loser.id:
        raise MergeError("Choose two different organisations")
    if survivor.archived_at is not None:
        raise MergeError(f"{survivor.name} is archived: restore it first, or keep the other organisation")


def merge_preview(*, survivor: Organisation, loser: Organisation) -> MergeSummary:
    """What a merge would move, for the confirmation page."""
    moving = _Moving.load(loser)
    return moving.summary(survivor, loser)


def merge_organisations(*, survivor: Organisation, loser: Organisation, now: datetime) -> MergeSummary:
    """Move everything from loser to survivor, archive the loser and audit the merge (flushes only)."""
    check_merge(survivor=survivor, loser=loser)
    moving = _Moving.load(loser)
    summary = moving.summary(survivor, loser)
    for person in moving.people:
        person.organisation = survivor
    for role in moving.roles:
        role.organisation = survivor
    for engagement in moving.engagements:
        _replace(engagement.organisations, loser, survivor)
    for action in moving.actions:
        if action.owner_organisation_id == loser.id:
            action.owner_organisation = survivor
        if loser in action.organisations:
            _replace(action.organisations, loser, survivor)
    _merge_commitments(moving.commitments, survivor, loser)
    _move_children(moving.children, survivor, loser)
    _move_names(survivor, loser)
    survivor.tags = survivor.tags + [tag for tag in loser.tags if tag not in survivor.tags]
    loser.tags = []
    for field in ("sub_type", "website", "summary"):
        if not getattr(survivor, field) and getattr(loser, field):
            setattr(survivor, field, getattr(loser, field))
    if survivor.lead_officer_id is None:
        survivor.lead_officer_id = loser.lead_officer_id
    if loser.archived_at is None:
        loser.archived_at = now
    survivor.updated_at = loser.updated_at = utcnow()
    record_event(
        "merge",
        entity=loser,
        details={
            "survivor_id": survivor.id,
            "survivor_name": survivor.name,
            "loser_id": loser.id,
            "loser_name": loser.name,
            "moved": asdict(summary),
        },
    )
    db.session.flush()
    return summary


@dataclass
class _Moving:
    """The records that point at the loser."""

    people: list[Person]
    roles: list[PersonRole]
    engagements: list[Engagement]
    actions: list[Action]
    commitments: list[Commitment]
    children: list[Organisation]

    @classmethod
    def load(cls, loser: Organisation) -> _Moving:
        linked_engagements = select(engagement_organisations.c.engagement_id).where(
            engagement_organisations.c.organisation_id == loser.id
        )
        named_actions = select(action_organisations.c.action_id).where(
            action_organisations.c.organisation_id == loser.id
        )
        return cls(
            people=list(db.session.scalars(select(Person).where(Person.organisation_id == loser.id))),
            roles=list(db.session.scalars(select(PersonRole).where(PersonRole.organisation_id == loser.id))),
            engagements=list(
                db.session.scalars(
                    select(Engagement)
                    .where(Engagement.id.in_(linked_engagements))
                    .options(selectinload(Engagement.organisations))
                    .order_by(Engagement.id)
                )
            ),
            actions=list(
                db.session.scalars(
                    select(Action)
                    .where((Action.owner_organisation_id == loser.id) | Action.id.in_(named_actions))
                    .options(selectinload(Action.organisations))
                    .order_by(Action.id)
                )
            ),
            commitments=list(
                db.session.scalars(
                    select(Commitment).where(Commitment.organisation_id == loser.id).order_by(Commitment.id)
                )
            ),
            children=list(db.session.scalars(select(Organisation).where(Organisation.parent_id == loser.id))),
        )

    def summary(self, survivor: Organisation, loser: Organisation) -> MergeSummary:
        return MergeSummary(
            people=len(self.people),
            engagements=len(self.engagements),
            actions=len(self.actions),
            commitments=len(self.commitments),
            children=len([child for child in self.children if child.id != survivor.id]),
            other_names=len(loser.aliases) + 1,
            tags=len([tag for tag in loser.tags if tag not in survivor.tags]),
        )


def _replace(organisations: list[Organisation], loser: Organisation, survivor: Organisation) -> None:
    """In a link collection, put the survivor where the loser was (once)."""
    if loser in organisations:
        organisations.remove(loser)
    if survivor not in organisations:
        organisations.append(survivor)


def _merge_commitments(
    loser_commitments: list[Commitment], survivor: Organisation, loser: Organisation
) -> None:
    if not loser_commitments:
        return
    theirs = {
        commitment.ask_id: commitment
        for commitment in db.session.scalars(
            select(Commitment).where(Commitment.organisation_id == survivor.id)
        )
    }
    for commitment in loser_commitments:
        kept = theirs.get(commitment.ask_id)
        if kept is None:
            commitment.organisation = survivor
            continue
        if _reviewed(commitment) > _reviewed(kept):
            older_notes, older_name = kept.notes, survivor.name
            kept.status = commitment.status
            kept.last_reviewed_on = commitment.last_reviewed_on
            kept.notes = commitment.notes
        else:
            older_notes, older_name = commitment.notes, loser.name
        if older_notes and older_notes not in kept.notes:
            kept.notes = f"{kept.notes}\n\nFrom {older_name} (merged): {older_notes}".strip()
        db.session.delete(commitment)


def _reviewed(commitment: Commitment) -> date:
    return commitment.last_reviewed_on or date.min


def _move_children(children: list[Organisation], survivor: Organisation, loser: Organisation) -> None:
    """Children move to the survivor. When the survivor sits below the loser, the loser's child on
    the way down to it takes the loser's parent instead, so that no organisation becomes its own
    ancestor."""
    above = _ancestors(survivor)
    on_the_way = None
    if loser in above:
        position = above.index(loser)
        on_the_way = above[position - 1] if position else survivor
    if on_the_way is survivor:
        survivor.parent = loser.parent
    for child in children:
        if child is survivor:
            continue
        child.parent = loser.parent if child is on_the_way else survivor


def _ancestors(organisation: Organisation) -> list[Organisation]:
    """Parent, grandparent... (stopping at any loop already in the data)."""
    found: list[Organisation] = []
    current = organisation.parent
    while current is not None and current not in found and current is not organisation:
        found.append(current)
        current = current.parent
    return found


def _move_names(survivor: Organisation, loser: Organisation) -> None:
    """The loser's other names, and its name, become other names of the survivor (no repeats)."""
    taken = {survivor.name.lower(), *(alias.name.lower() for alias in survivor.aliases)}
    for alias in list(loser.aliases):
        if alias.name.lower() in taken:
            loser.aliases.remove(alias)
        else:
            taken.add(alias.name.lower())
            alias.organisation = survivor
    if loser.name.lower() not in taken:
        survivor.aliases.append(OrganisationAlias(name=loser.name, kind=AliasKind.ALIAS))
