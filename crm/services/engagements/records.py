"""Reading engagements one at a time, and the records the "Log a contact" form offers.

Every read of an engagement or of its actions goes through the access scope (visible()).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.models import (
    FIVE_ASKS_KEY,
    Action,
    Ask,
    Engagement,
    Framework,
    Organisation,
    OrganisationAlias,
    Person,
    Role,
    Team,
    User,
)
from crm.services.access import visible

# How many organisations "Find an organisation" lists at once (type more to narrow it).
FIND_LIMIT = 20
# Ids beyond this many in one submission are not looked up (the form refuses more than its maximum).
MAX_IDS_LOOKED_UP = 500


def get_engagement(engagement_id: int, *, user: User) -> Engagement | None:
    """The engagement with everything its page shows, or None when it does not exist or the user may
    not read it (the page answers 404 either way)."""
    stmt = (
        select(Engagement)
        .where(Engagement.id == engagement_id)
        .options(
            selectinload(Engagement.organisations),
            selectinload(Engagement.people).joinedload(Person.organisation),
            selectinload(Engagement.officers),
            selectinload(Engagement.asks),
            joinedload(Engagement.access_team),
            joinedload(Engagement.created_by),
        )
    )
    return db.session.scalars(visible(stmt, Engagement, user)).unique().one_or_none()


def engagement_actions(engagement: Engagement, *, user: User) -> list[Action]:
    """The actions raised at the engagement that the user may read, oldest first."""
    stmt = (
        select(Action)
        .where(Action.engagement_id == engagement.id)
        .options(
            joinedload(Action.owner_user),
            joinedload(Action.owner_organisation),
            joinedload(Action.chaser),
            joinedload(Action.ask),
        )
        .order_by(Action.id)
    )
    return list(db.session.scalars(visible(stmt, Action, user)))


def five_asks() -> list[Ask]:
    """The 2018 five asks, in order (the asks an engagement can touch)."""
    stmt = select(Ask).join(Framework).where(Framework.key == FIVE_ASKS_KEY).order_by(Ask.position, Ask.id)
    return list(db.session.scalars(stmt))


def teams() -> list[Team]:
    """Every team (access groups an admin can give a sensitive engagement), by name."""
    return list(db.session.scalars(select(Team).order_by(Team.name, Team.id)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_organisations(
    *, query: str, exclude_ids: Collection[int] = (), limit: int = FIND_LIMIT
) -> list[Organisation]:
    """Organisations (not archived) whose name or other name contains the query, ignoring case.

    Names that start with the query come first, then the rest, each by name. A simple LIKE: the
    form's "Find" needs no ranking beyond that.
    """
    query = " ".join(query.split())
    if not query:
        return []
    pattern = f"%{_escape_like(query.lower())}%"
    prefix = f"{_escape_like(query.lower())}%"
    alias_match = (
        select(OrganisationAlias.organisation_id)
        .where(OrganisationAlias.name.ilike(pattern, escape="\\"))
        .scalar_subquery()
    )
    starts = Organisation.name.ilike(prefix, escape="\\")
    stmt = (
        select(Organisation)
        .where(
            Organisation.archived_at.is_(None),
            or_(Organisation.name.ilike(pattern, escape="\\"), Organisation.id.in_(alias_match)),
        )
        .order_by(starts.desc(), Organisation.name, Organisation.id)
        .limit(limit)
    )
    if exclude_ids:
        stmt = stmt.where(Organisation.id.not_in(list(exclude_ids)))
    return list(db.session.scalars(stmt))


@dataclass
class FormChoices:
    """The records one "Log a contact" form can offer or refer to, loaded in a fixed few queries.

    organisations: the chosen organisations that exist, by id (archived ones only when already on
    the engagement). people: everyone at a chosen organisation, plus the people submitted or already
    on the engagement. officers: active officers, plus any submitted or already on the engagement
    (so that a leaver can be named in an error, or kept on an old record); for a save, only the latter.
    """

    organisations: dict[int, Organisation] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    officers: dict[int, User] = field(default_factory=dict)
    asks: list[Ask] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)

    def sorted_organisations(self) -> list[Organisation]:
        return sorted(self.organisations.values(), key=lambda o: (o.name.lower(), o.id))

    def sorted_officers(self) -> list[User]:
        return sorted(self.officers.values(), key=lambda u: (u.name.lower(), u.id))


def _ids(values: Collection[int]) -> list[int]:
    return sorted(set(values))[:MAX_IDS_LOOKED_UP]


def load_form_choices(
    *,
    organisation_ids: Collection[int],
    person_ids: Collection[int] = (),
    officer_ids: Collection[int] = (),
    engagement: Engagement | None = None,
    include_teams: bool = False,
    every_officer: bool = True,
) -> FormChoices:
    """Everything the form needs for these submitted ids, in at most five queries.

    every_officer=False loads only the officers named (submitted or already on the engagement):
    enough to check and save a submission, which a save does inside the database's write lock on
    SQLite (the list of every officer is only for showing the form: 1,005 officers at large size)."""
    kept_organisations = {o.id for o in engagement.organisations} if engagement else set()
    kept_people = {p.id for p in engagement.people} if engagement else set()
    kept_officers = {u.id for u in engagement.officers} if engagement else set()

    wanted_organisations = _ids(organisation_ids)
    organisations: dict[int, Organisation] = {}
    if wanted_organisations:
        stmt = select(Organisation).where(
            Organisation.id.in_(wanted_organisations),
            or_(Organisation.archived_at.is_(None), Organisation.id.in_(list(kept_organisations) or [-1])),
        )
        organisations = {o.id: o for o in db.session.scalars(stmt)}

    wanted_people = _ids({*person_ids, *kept_people})
    people_clauses: list[ColumnElement[bool]] = []
    if organisations:
        people_clauses.append(Person.organisation_id.in_(list(organisations)) & Person.erased_at.is_(None))
    if wanted_people:
        people_clauses.append(Person.id.in_(wanted_people))
    people: dict[int, Person] = {}
    if people_clauses:
        stmt_people = (
            select(Person)
            .where(or_(*people_clauses))
            .options(joinedload(Person.organisation))
            .order_by(Person.name, Person.id)
        )
        people = {p.id: p for p in db.session.scalars(stmt_people)}

    wanted_officers = _ids({*officer_ids, *kept_officers})
    officer_clause: ColumnElement[bool] = User.active.is_(True) & (User.role != Role.VIEWER)
    if not every_officer:
        officer_clause = User.id.in_(wanted_officers)
    elif wanted_officers:
        officer_clause = or_(officer_clause, User.id.in_(wanted_officers))
    officers: dict[int, User] = {}
    if every_officer or wanted_officers:
        stmt_officers = select(User).where(officer_clause).order_by(User.name, User.id)
        officers = {u.id: u for u in db.session.scalars(stmt_officers)}

    return FormChoices(
        organisations=organisations,
        people=people,
        officers=officers,
        asks=five_asks(),
        teams=teams() if include_teams else [],
    )


def organisation_for_prefill(organisation_id: int) -> Organisation | None:
    """An organisation for /engagements/new?organisation=<id> (not archived)."""
    organisation = db.session.get(Organisation, organisation_id)
    return organisation if organisation is not None and organisation.archived_at is None else None


def person_for_prefill(person_id: int) -> Person | None:
    """A person for /engagements/new?person=<id> (not erased, at an organisation)."""
    stmt = select(Person).where(Person.id == person_id).options(joinedload(Person.organisation))
    person = db.session.scalars(stmt).one_or_none()
    if person is None or person.erased_at is not None or person.organisation is None:
        return None
    return person
