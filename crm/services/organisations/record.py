"""Everything the organisation page shows, in a fixed number of queries whatever the history.

Engagements and actions are read through the access scope: OFFICIAL-SENSITIVE records appear only
for their access team and admins, in the timeline, its count and the actions alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, and_, cast, func, literal, or_, select, text, union_all
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from crm.extensions import db
from crm.models import (
    FIVE_ASKS_KEY,
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
    engagement_officers,
    engagement_organisations,
)
from crm.models.action import OUTSTANDING_SQL
from crm.services.access import visible

TIMELINE_LENGTH = 20
PEOPLE_SHOWN = 50
ACTIONS_SHOWN = 10
# The timeline's total is counted up to this; beyond it the page says "more than 1,000".
ENGAGEMENTS_COUNTED = 1000
# From this many action links on, the soonest outstanding actions are found by walking all
# outstanding actions in due order (one in every few hundred or more is the organisation's) rather
# than reading and sorting every linked action; the total is then not counted.
MANY_ACTIONS = 2000


@dataclass(frozen=True)
class ScorecardCell:
    """One ask of the five-asks framework and where the organisation stands on it (None: not recorded)."""

    ask: Ask
    commitment: Commitment | None


@dataclass(frozen=True)
class OrganisationRecord:
    """The organisation page: the record, its people, timeline, outstanding actions and scorecard row.

    engagement_total is exact up to ENGAGEMENTS_COUNTED and ENGAGEMENTS_COUNTED + 1 beyond (see
    engagements_uncounted); outstanding_total is None when the organisation has so many actions
    that they were not counted (the actions list has them all).
    """

    organisation: Organisation
    people: list[Person]
    more_people: bool
    engagements: list[Engagement]
    engagement_total: int
    owed_by_us: list[Action]
    owed_by_partners: list[Action]
    more_actions: bool
    outstanding_total: int | None
    scorecard: list[ScorecardCell]
    merged_into: Organisation | None

    @property
    def engagements_uncounted(self) -> bool:
        """More engagements than were counted: the page says "more than ENGAGEMENTS_COUNTED"."""
        return self.engagement_total > ENGAGEMENTS_COUNTED

    @property
    def engagements_counted(self) -> int:
        return ENGAGEMENTS_COUNTED

    @property
    def shows_scorecard(self) -> bool:
        """Technology companies always; other sectors only when a position has been recorded."""
        return self.organisation.sector == Sector.TECHNOLOGY or any(
            cell.commitment for cell in self.scorecard
        )


def organisation_record(*, organisation_id: int, user: User) -> OrganisationRecord | None:
    """The organisation page's data, or None when there is no such organisation.

    A fixed number of queries whatever the history: the organisation with the size of its history
    (1), its children, other names and tags (3), people (1), timeline with officers (1),
    outstanding actions (1), scorecard row (1), and for an archived one what it was merged into (1).
    """
    row = db.session.execute(
        select(
            Organisation,
            _engagement_count(organisation_id, user),
            _has_many_actions(organisation_id),
        )
        .where(Organisation.id == organisation_id)
        .options(
            joinedload(Organisation.lead_officer),
            joinedload(Organisation.parent),
            selectinload(Organisation.aliases),
            selectinload(Organisation.tags),
            selectinload(Organisation.children),
        )
    ).first()
    if row is None:
        return None
    organisation, engagement_total, many_actions = row
    people = list(
        db.session.scalars(
            select(Person)
            .where(Person.organisation_id == organisation.id)
            .order_by(func.lower(Person.name), Person.id)
            .limit(PEOPLE_SHOWN + 1)
        )
    )
    engagements = _timeline(organisation.id, user)
    actions, outstanding_total = _outstanding_actions(organisation.id, user, many=bool(many_actions))
    shown = actions[:ACTIONS_SHOWN]
    return OrganisationRecord(
        organisation=organisation,
        people=people[:PEOPLE_SHOWN],
        more_people=len(people) > PEOPLE_SHOWN,
        engagements=engagements,
        engagement_total=engagement_total,
        owed_by_us=[action for action in shown if action.owner_organisation_id is None],
        owed_by_partners=[action for action in shown if action.owner_organisation_id is not None],
        more_actions=len(actions) > ACTIONS_SHOWN,
        outstanding_total=outstanding_total,
        scorecard=_scorecard_row(organisation.id),
        merged_into=_merged_into(organisation) if organisation.archived_at is not None else None,
    )


def _engagement_count(organisation_id: int, user: User) -> Any:
    """How many engagements with the organisation the user may read, counted up to one more than
    ENGAGEMENTS_COUNTED (a scalar subquery)."""
    link = engagement_organisations
    counted = (
        visible(
            select(literal(1))
            .select_from(link)
            .join(Engagement, Engagement.id == link.c.engagement_id)
            .where(link.c.organisation_id == organisation_id),
            Engagement,
            user,
        )
        .limit(ENGAGEMENTS_COUNTED + 1)
        .subquery("counted")
    )
    return select(func.count()).select_from(counted).scalar_subquery()


def _has_many_actions(organisation_id: int) -> Any:
    """Whether the organisation is linked to at least MANY_ACTIONS actions (an EXISTS)."""
    link = action_organisations
    return (
        select(literal(1))
        .where(link.c.organisation_id == organisation_id)
        .offset(MANY_ACTIONS - 1)
        .limit(1)
        .exists()
    )


def _timeline(organisation_id: int, user: User) -> list[Engagement]:
    """The latest engagements the user may read, newest first, with their officers: the
    organisation's links walked newest first by their start (migration 0013), stopping at the
    TIMELINE_LENGTH-th the user may read, however long the history."""
    link = engagement_organisations
    involving = (
        select(Engagement)
        .join(link, link.c.engagement_id == Engagement.id)
        .where(link.c.organisation_id == organisation_id)
    )
    newest = (
        visible(involving, Engagement, user)
        .order_by(link.c.starts_at.desc(), Engagement.id.desc())
        .limit(TIMELINE_LENGTH)
        .subquery("newest")
    )
    # The officers come in the same statement, joined flat onto the page of engagements
    # (joinedload would nest the join, and SQLite would then materialise every officer link).
    engagement = aliased(Engagement, newest)
    return list(
        db.session.scalars(
            select(engagement)
            .outerjoin(engagement_officers, engagement_officers.c.engagement_id == engagement.id)
            .outerjoin(User, User.id == engagement_officers.c.user_id)
            .options(contains_eager(engagement.officers))
            .order_by(engagement.starts_at.desc(), engagement.id.desc(), User.name, User.id)
        ).unique()
    )


def _outstanding_actions(organisation_id: int, user: User, *, many: bool) -> tuple[list[Action], int | None]:
    """The first ACTIONS_SHOWN + 1 outstanding actions the organisation owes or is named on, that the
    user may read, soonest due first (undated last); and how many there are, unless `many`.

    The outstanding predicate is written as the partial index's own SQL (OUTSTANDING_SQL), so
    that PostgreSQL can use ix_actions_outstanding_due_on.
    """
    outstanding = text(OUTSTANDING_SQL)
    named = action_organisations
    if many:
        involved = or_(
            Action.owner_organisation_id == organisation_id,
            select(literal(1))
            .where(named.c.action_id == Action.id, named.c.organisation_id == organisation_id)
            .correlate_except(named)
            # OFFSET 0: a per-row index probe, not a hash of every link (see _timeline).
            .offset(0)
            .exists(),
        )
        # The dated ones walk the partial index in its own order (due_on, id); the undated few
        # (which sort last) come separately, so that no NULLS LAST sort stops the walk.
        dated = (
            visible(select(Action.id), Action, user)
            .where(outstanding, Action.due_on.is_not(None), involved)
            .order_by(Action.due_on, Action.id)
            .limit(ACTIONS_SHOWN + 1)
            .subquery("dated")
        )
        undated = (
            visible(select(Action.id), Action, user)
            .where(outstanding, Action.due_on.is_(None), involved)
            .order_by(Action.id)
            .limit(ACTIONS_SHOWN + 1)
            .subquery("undated")
        )
        stmt = select(Action, literal(None, Integer)).where(
            Action.id.in_(union_all(select(dated.c.id), select(undated.c.id)))
        )
    else:
        ids = union_all(
            select(named.c.action_id).where(named.c.organisation_id == organisation_id),
            select(Action.id).where(Action.owner_organisation_id == organisation_id),
        )
        stmt = visible(select(Action, func.count().over()), Action, user).where(
            outstanding, Action.id.in_(ids)
        )
    rows = db.session.execute(
        stmt.options(
            joinedload(Action.owner_user),
            joinedload(Action.owner_organisation),
            joinedload(Action.owner_person),
            joinedload(Action.chaser),
        )
        .order_by(Action.due_on.asc().nulls_last(), Action.id)
        .limit(ACTIONS_SHOWN + 1)
    ).all()
    actions = [action for action, _ in rows]
    if many:
        return actions, None
    # count(*) OVER () counted every matching row before the LIMIT.
    return actions, int(rows[0][1]) if rows else 0


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
    """The organisation this one was merged into (the merge's audit event names it), in one query.

    The survivor's id is compared as text, so a malformed audit record finds nothing rather than
    failing a cast.
    """
    survivor_id = (
        select(AuditEvent.changes["survivor_id"].as_string())
        .where(
            AuditEvent.event == "merge",
            AuditEvent.entity_type == "Organisation",
            AuditEvent.entity_id == organisation.id,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return db.session.scalar(select(Organisation).where(cast(Organisation.id, String) == survivor_id))
