"""Adding and changing people, and moving them between organisations without losing the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select

from crm.extensions import db
from crm.models import Organisation, Person, PersonRole


class PersonErased(Exception):
    """The person's personal data was erased: the record can no longer be changed."""


@dataclass(frozen=True)
class PersonDetails:
    """What the add and change forms collect, checked and stripped."""

    name: str
    job_title: str
    email: str
    phone: str
    organisation: Organisation | None
    notes: str
    do_not_contact: bool


def organisation_choices(*, include_id: int | None = None) -> list[Organisation]:
    """Organisations a person can work at: the non-archived ones by name, plus include_id (a
    person's current organisation stays choosable after it was archived)."""
    condition: ColumnElement[bool] = Organisation.archived_at.is_(None)
    if include_id is not None:
        condition = or_(condition, Organisation.id == include_id)
    return list(
        db.session.scalars(
            select(Organisation).where(condition).order_by(func.lower(Organisation.name), Organisation.id)
        )
    )


def create_person(*, details: PersonDetails, today: date) -> Person:
    """Add a person; with an organisation, their first spell there starts today. Flushes."""
    person = Person(
        name=details.name,
        job_title=details.job_title,
        email=details.email,
        phone=details.phone,
        notes=details.notes,
        do_not_contact=details.do_not_contact,
        organisation=details.organisation,
    )
    if details.organisation is not None:
        person.roles.append(
            PersonRole(organisation=details.organisation, job_title=details.job_title, started_on=today)
        )
    db.session.add(person)
    db.session.flush()
    return person


def update_person(person: Person, *, details: PersonDetails, today: date) -> None:
    """Change a person; a different organisation is a move (see move_person). Flushes."""
    if person.erased_at is not None:
        raise PersonErased(f"Person {person.id} was erased")
    moved = move_person(
        person=person, organisation=details.organisation, on=today, job_title=details.job_title
    )
    if moved is None and details.job_title != person.job_title:
        # A new job title at the same organisation belongs to the current spell there.
        for role in _open_roles(person):
            role.job_title = details.job_title
    person.name = details.name
    person.job_title = details.job_title
    person.email = details.email
    person.phone = details.phone
    person.notes = details.notes
    person.do_not_contact = details.do_not_contact
    db.session.flush()


def move_person(
    *, person: Person, organisation: Organisation | None, on: date, job_title: str | None = None
) -> PersonRole | None:
    """Move a person to another organisation (or to none), keeping where they were.

    The current spell ends on `on` and, unless the person now has no organisation, a new one
    starts that day. A current organisation recorded without a spell (older data) gets one that
    ends today, so it stays in the history. Returns the new spell; None when nothing moved.
    Flushes.
    """
    new_id = organisation.id if organisation is not None else None
    if person.organisation_id == new_id:
        return None
    open_roles = _open_roles(person)
    if person.organisation_id is not None and all(
        role.organisation_id != person.organisation_id for role in open_roles
    ):
        person.roles.append(
            PersonRole(organisation_id=person.organisation_id, job_title=person.job_title, ended_on=on)
        )
    for role in open_roles:
        role.ended_on = on
    new_role = None
    if organisation is not None:
        new_role = PersonRole(
            organisation=organisation,
            job_title=person.job_title if job_title is None else job_title,
            started_on=on,
        )
        person.roles.append(new_role)
    person.organisation = organisation
    db.session.flush()
    return new_role


def _open_roles(person: Person) -> list[PersonRole]:
    return [role for role in person.roles if role.ended_on is None]
