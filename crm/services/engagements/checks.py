"""Checking a logged contact before it is saved.

The form turns what was typed into a Submission (plain values and ids). build_details() resolves the
ids against the records the form offered (records.FormChoices) and returns the EngagementDetails
with every problem found, each addressed to a form field. Only details without problems may be
saved (crm.services.engagements.changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from crm.models import (
    Ask,
    Classification,
    Engagement,
    EngagementKind,
    Organisation,
    Person,
    Role,
    Team,
    User,
)
from crm.services.engagements.records import FormChoices
from crm.template_helpers import long_date
from crm.timezones import LONDON

# A contact is dated from 1 January 2000 to 20 years after today: a wider date is a typing mistake.
EARLIEST_DATE = date(2000, 1, 1)
YEARS_AHEAD = 20
MAX_ORGANISATIONS = 50
MAX_PEOPLE = 200
MAX_OFFICERS = 50
MAX_ACTION_ROWS = 20


def latest_date(today: date) -> date:
    """The last date a contact (or a follow-up's due date) may have."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def london_to_utc(day: date, clock: time) -> datetime:
    """A date and time on a London clock as an aware UTC datetime."""
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)


@dataclass(frozen=True)
class Problem:
    """Something wrong with a submission. field is the form field's name; row the action row (0-based)."""

    field: str
    message: str
    row: int | None = None


@dataclass(frozen=True)
class ActionRowInput:
    """One filled-in follow-up row as typed. owner is "user:<id>", "org:<id>" or ""."""

    row: int
    title: str
    owner: str
    chaser_id: int | None
    due_on: date | None
    organisation_id: int | None
    ask_id: int | None


@dataclass(frozen=True)
class Submission:
    """What the officer submitted, as plain values (the form has already parsed dates and times)."""

    kind: EngagementKind
    day: date | None  # None when the date or a time could not be read (the form has said so)
    starts: time | None
    ends: time | None
    title: str
    summary: str
    organisation_ids: list[int]
    person_ids: list[int]
    officer_ids: list[int]
    ask_ids: list[int]
    classification: Classification
    access_team_id: int | None = None
    new_person_name: str = ""
    new_person_email: str = ""
    new_person_organisation_id: int | None = None
    actions: list[ActionRowInput] = field(default_factory=list)


@dataclass
class ActionDetails:
    """A follow-up to create: owed by us (owner_user) or by a partner (owner_organisation + chaser)."""

    title: str
    owner_user: User | None
    owner_organisation: Organisation | None
    chaser: User | None
    due_on: date | None
    organisation: Organisation | None
    ask: Ask | None


@dataclass
class NewPerson:
    """A person added on the spot, created with the engagement."""

    name: str
    email: str
    organisation: Organisation


@dataclass
class EngagementDetails:
    """A checked engagement, ready to save."""

    kind: EngagementKind
    starts_at: datetime
    ends_at: datetime | None
    title: str
    summary: str
    organisations: list[Organisation]
    people: list[Person]
    officers: list[User]
    asks: list[Ask]
    classification: Classification
    access_team: Team | None
    new_person: NewPerson | None = None
    actions: list[ActionDetails] = field(default_factory=list)


def build_details(
    submission: Submission,
    *,
    choices: FormChoices,
    editor: User,
    today: date,
    engagement: Engagement | None = None,
) -> tuple[EngagementDetails | None, list[Problem]]:
    """Resolve the submission's ids and check everything the fields alone cannot.

    Checks run even when the form found problems of its own, so that every problem shows at once;
    the details are None when the date or start time is missing (nothing can be saved then).
    engagement is the record being edited: organisations, people and officers already on it stay
    allowed (an archived organisation, a person who has since moved, an officer who has left).
    """
    problems: list[Problem] = []
    day, starts, ends = submission.day, submission.starts, submission.ends
    if day is not None:
        problems += _date_problems(day, today)
    if starts is not None and ends is not None and ends < starts:
        problems.append(Problem("end_time", "End time must be the same as or after the start time"))

    organisations, organisation_problems = _organisations(submission, choices)
    problems += organisation_problems
    chosen_ids = {o.id for o in organisations}
    people, people_problems = _people(submission, choices, chosen_ids, engagement)
    problems += people_problems
    officers, officer_problems = _officers(submission, choices, engagement)
    problems += officer_problems
    asks_by_id = {a.id: a for a in choices.asks}
    if any(ask_id not in asks_by_id for ask_id in submission.ask_ids):
        problems.append(Problem("ask_ids", "Select asks from the list"))
    asks = [asks_by_id[i] for i in dict.fromkeys(submission.ask_ids) if i in asks_by_id]
    access_team, team_problems = _access_team(submission, choices, editor, engagement)
    problems += team_problems
    new_person, person_problems = _new_person(submission, choices, chosen_ids)
    problems += person_problems
    actions = []
    for row in submission.actions:
        action, row_problems = _action(row, choices, chosen_ids, asks_by_id, day, today)
        problems += row_problems
        if action is not None:
            actions.append(action)

    if day is None or starts is None:
        return None, problems
    details = EngagementDetails(
        kind=submission.kind,
        starts_at=london_to_utc(day, starts),
        ends_at=london_to_utc(day, ends) if ends is not None else None,
        title=submission.title,
        summary=submission.summary,
        organisations=organisations,
        people=people,
        officers=officers,
        asks=asks,
        classification=submission.classification,
        access_team=access_team,
        new_person=new_person,
        actions=actions,
    )
    return details, problems


def _date_problems(day: date, today: date) -> list[Problem]:
    if day < EARLIEST_DATE:
        return [Problem("date", f"Date must be the same as or after {long_date(EARLIEST_DATE)}")]
    if day > latest_date(today):
        return [Problem("date", f"Date must be the same as or before {long_date(latest_date(today))}")]
    return []


def _organisations(submission: Submission, choices: FormChoices) -> tuple[list[Organisation], list[Problem]]:
    wanted = list(dict.fromkeys(submission.organisation_ids))
    if not wanted:
        return [], [
            Problem(
                "organisation_query",
                "Select at least one organisation that took part: find it by name, tick it, then save",
            )
        ]
    if len(wanted) > MAX_ORGANISATIONS:
        return [], [
            Problem(
                "organisation_ids",
                f"Select {MAX_ORGANISATIONS} organisations or fewer for one contact "
                f"(you selected {len(wanted)})",
            )
        ]
    problems = []
    if not any(i in choices.organisations for i in wanted):
        return [], [
            Problem(
                "organisation_query",
                "The organisations you selected no longer exist or have been archived: "
                "find and select the organisations that took part",
            )
        ]
    if any(i not in choices.organisations for i in wanted):
        problems.append(
            Problem(
                "organisation_ids",
                "One of the organisations you selected no longer exists or has been archived: "
                "select organisations from the list",
            )
        )
    organisations = [choices.organisations[i] for i in wanted if i in choices.organisations]
    return sorted(organisations, key=lambda o: (o.name.lower(), o.id)), problems


def _people(
    submission: Submission, choices: FormChoices, chosen_ids: set[int], engagement: Engagement | None
) -> tuple[list[Person], list[Problem]]:
    wanted = list(dict.fromkeys(submission.person_ids))
    if len(wanted) > MAX_PEOPLE:
        return [], [Problem("person_ids", f"Select {MAX_PEOPLE} people or fewer for one contact")]
    kept = {p.id for p in engagement.people} if engagement else set()
    people, problems = [], []
    for person_id in wanted:
        person = choices.people.get(person_id)
        if person is None or (person.erased_at is not None and person_id not in kept):
            problems.append(Problem("person_ids", "Select people from the list"))
            continue
        if person_id not in kept and person.organisation_id not in chosen_ids:
            if person.organisation is None:
                message = f"{person.name} is not at any organisation: untick {person.name}"
            else:
                organisation = person.organisation.name
                message = (
                    f"{person.name} works at {organisation}, which is not on this contact: "
                    f"add {organisation} or untick {person.name}"
                )
            problems.append(Problem("person_ids", message))
            continue
        people.append(person)
    return sorted(people, key=lambda p: (p.name.lower(), p.id)), list(dict.fromkeys(problems))


def _officers(
    submission: Submission, choices: FormChoices, engagement: Engagement | None
) -> tuple[list[User], list[Problem]]:
    wanted = list(dict.fromkeys(submission.officer_ids))
    if not wanted:
        return [], [Problem("officer_ids", "Select at least one officer who took part")]
    if len(wanted) > MAX_OFFICERS:
        return [], [Problem("officer_ids", f"Select {MAX_OFFICERS} officers or fewer for one contact")]
    kept = {u.id for u in engagement.officers} if engagement else set()
    officers, problems = [], []
    for user_id in wanted:
        user = choices.officers.get(user_id)
        if user is None:
            problems.append(Problem("officer_ids", "Select officers from the list"))
        elif user_id not in kept and not user.active:
            problems.append(
                Problem(
                    "officer_ids",
                    f"{user.name}'s account is deactivated, so they cannot be added: untick {user.name}",
                )
            )
        else:
            officers.append(user)
    return sorted(officers, key=lambda u: (u.name.lower(), u.id)), list(dict.fromkeys(problems))


def _access_team(
    submission: Submission, choices: FormChoices, editor: User, engagement: Engagement | None
) -> tuple[Team | None, list[Problem]]:
    """OFFICIAL-SENSITIVE needs an access team: an admin picks one; others get their own team."""
    if submission.classification != Classification.OFFICIAL_SENSITIVE:
        return None, []
    if editor.role == Role.ADMIN:
        team = next((t for t in choices.teams if t.id == submission.access_team_id), None)
        if team is None:
            return None, [Problem("access_team_id", "Select the team that may see this contact")]
        return team, []
    if engagement is not None and engagement.access_team is not None:
        return engagement.access_team, []  # an editor who can read it keeps its access group
    if editor.team is None:
        return None, [
            Problem(
                "classification",
                "You can only mark a contact OFFICIAL-SENSITIVE when you are in a team, because only your "
                "team may then see it: ask an admin to add you to a team, or choose OFFICIAL",
            )
        ]
    return editor.team, []


def _new_person(
    submission: Submission, choices: FormChoices, chosen_ids: set[int]
) -> tuple[NewPerson | None, list[Problem]]:
    name, email = submission.new_person_name, submission.new_person_email
    if not (name or email or submission.new_person_organisation_id):
        return None, []
    problems = []
    if not name:
        problems.append(Problem("new_person_name", "Enter the new person's name"))
    organisation_id = submission.new_person_organisation_id
    organisation = choices.organisations.get(organisation_id) if organisation_id is not None else None
    if organisation is None or organisation.id not in chosen_ids:
        problems.append(
            Problem(
                "new_person_organisation_id",
                "Select the organisation the new person works at, from the organisations on this contact",
            )
        )
    if problems or organisation is None:
        return None, problems
    return NewPerson(name=name, email=email.lower(), organisation=organisation), []


def _action(
    row: ActionRowInput,
    choices: FormChoices,
    chosen_ids: set[int],
    asks_by_id: dict[int, Ask],
    day: date | None,
    today: date,
) -> tuple[ActionDetails | None, list[Problem]]:
    number = row.row + 1
    problems = []

    def problem(field_name: str, message: str) -> None:
        problems.append(Problem(field_name, message, row=row.row))

    if not row.title:
        problem("title", f"Enter what needs to be done for action {number}")
    owner_user = owner_organisation = chaser = None
    kind, _, value = row.owner.partition(":")
    owner_id = int(value) if value.isdigit() and len(value) <= 9 else None
    if not row.owner:
        problem("owner", f"Select who owes action {number}")
    elif kind == "user" and owner_id is not None:
        owner_user = choices.officers.get(owner_id)
        if owner_user is None:
            problem("owner", f"Select who owes action {number}: one of the officers or organisations listed")
        elif not owner_user.active:
            problem(
                "owner",
                f"{owner_user.name} cannot owe action {number} because their account is deactivated: "
                "choose another officer",
            )
        elif owner_user.role == Role.VIEWER:
            problem("owner", f"{owner_user.name} has read-only access and cannot owe action {number}")
    elif kind == "org" and owner_id is not None:
        owner_organisation = choices.organisations.get(owner_id)
        if owner_organisation is None or owner_id not in chosen_ids:
            problem("owner", f"Select who owes action {number}: the organisation must be on this contact")
        chaser = choices.officers.get(row.chaser_id) if row.chaser_id is not None else None
        if chaser is None:
            problem("chaser_id", f"Select the officer who will chase action {number}")
        elif not chaser.active:
            problem(
                "chaser_id",
                f"{chaser.name} cannot chase action {number} because their account is deactivated: "
                "choose another officer",
            )
    else:
        problem("owner", f"Select who owes action {number}: one of the officers or organisations listed")
    if row.due_on is not None:
        if day is not None and row.due_on < day:
            problem(
                "due_on",
                f"Due date for action {number} must be the same as or after the date of the contact "
                f"({long_date(day)})",
            )
        elif row.due_on > latest_date(today):
            problem(
                "due_on",
                f"Due date for action {number} must be the same as or before {long_date(latest_date(today))}",
            )
    organisation = None
    if row.organisation_id is not None:
        organisation = choices.organisations.get(row.organisation_id)
        if organisation is None or row.organisation_id not in chosen_ids:
            problem("organisation_id", f"Select an organisation on this contact for action {number}")
    ask = None
    if row.ask_id is not None:
        ask = asks_by_id.get(row.ask_id)
        if ask is None:
            problem("ask_id", f"Select the ask action {number} serves: one of the asks listed")
    if problems:
        return None, problems
    return (
        ActionDetails(
            title=row.title,
            owner_user=owner_user,
            owner_organisation=owner_organisation,
            chaser=chaser,
            due_on=row.due_on,
            organisation=organisation,
            ask=ask,
        ),
        [],
    )
