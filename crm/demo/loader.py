"""Builds the demo records from data.py: one flush, no commit (the caller owns the transaction).

The storylines are loaded as written. Routine engagements fill the 18 months around them, drawn from a
random generator with a fixed seed, so the same load date always gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, scoped_session

from crm.demo import data
from crm.demo.data import ActionSpec, OrgSpec, RoutineTemplate, StoryEngagement
from crm.extensions import db
from crm.models import (
    FIVE_ASKS_KEY,
    OUTSTANDING_STATUSES,
    Action,
    ActionStatus,
    Ask,
    Classification,
    Commitment,
    Engagement,
    Framework,
    Organisation,
    OrganisationAlias,
    Person,
    PersonRole,
    Tag,
    Team,
    User,
)
from crm.timezones import LONDON

HISTORY_DAYS = 548  # about 18 months of history, ending today
MEETING_TIMES = ("09:30", "10:00", "11:00", "13:30", "14:00", "15:00", "16:00")
OUTSTANDING_WEIGHTS = (55, 35, 10)  # open, in progress, blocked
CURRENT_ORGANISATION = {spec.name: spec.org for spec in data.PEOPLE}
_CANCELLED_NOTES = {ActionStatus.CANCELLED: "No longer needed: overtaken by the next review."}


@dataclass(frozen=True)
class DemoSummary:
    """What was loaded: record counts, and (email, name, role) of each demo user in a stable order."""

    organisations: int
    people: int
    engagements: int
    actions: int
    commitments: int
    users: list[tuple[str, str, str]]


def load_demo_data(*, password_hash: str, today: date) -> DemoSummary:
    """Add the demo records to the app's session and flush. Does not commit."""
    return build_demo_data(db.session, password_hash=password_hash, today=today)


def build_demo_data(
    session: Session | scoped_session[Any], *, password_hash: str, today: date
) -> DemoSummary:
    """Add the demo records to session and flush. Every demo user gets password_hash (already hashed).

    Needs the seeded five-asks framework; raises RuntimeError without it.
    """
    framework = session.scalar(select(Framework).where(Framework.key == FIVE_ASKS_KEY))
    asks = {ask.key: ask for ask in framework.asks} if framework else {}
    if set(asks) != set(data.ALL_ASKS):
        raise RuntimeError(
            f"The {FIVE_ASKS_KEY!r} framework and its five asks are not in the database: "
            "run the migrations ('flask db upgrade') before loading demo data."
        )
    builder = _Builder(today, asks, password_hash)
    rng = random.Random(2018)  # the year of the speech; fixed so every load is the same
    builder.add_people(rng)
    stories = sorted([*data.STORY, *_routine_engagements(today, rng)], key=lambda story: story.day)
    for story in stories:
        builder.add_story(story)
    for spec in data.STANDALONE_ACTIONS:
        builder.add_action(spec, None)
    commitments = [
        Commitment(
            organisation=builder.orgs[org_key],
            ask=asks[ask_key],
            status=status,
            notes=notes,
            last_reviewed_on=None if reviewed is None else builder.day(-reviewed),
        )
        for org_key, rows in data.COMMITMENTS.items()
        for ask_key, (status, notes, reviewed) in zip(data.ALL_ASKS, rows, strict=True)
    ]
    session.add_all([*builder.users.values(), *builder.orgs.values(), *builder.people.values()])
    session.add_all([*builder.engagements, *builder.actions, *commitments])
    session.flush()
    return DemoSummary(
        organisations=len(builder.orgs),
        people=len(builder.people),
        engagements=len(builder.engagements),
        actions=len(builder.actions),
        commitments=len(commitments),
        users=[(user.email, user.name, user.role.value) for user in builder.users.values()],
    )


class _Builder:
    """Turns specs into records, keyed as data.py refers to them (users and organisations by key)."""

    def __init__(self, today: date, asks: dict[str, Ask], password_hash: str) -> None:
        self.today = today
        self.asks = asks
        teams = {spec.name: Team(name=spec.name, description=spec.description) for spec in data.TEAMS}
        self.users = {
            spec.key: User(
                email=spec.email,
                name=spec.name,
                role=spec.role,
                password_hash=password_hash,
                team=teams[spec.team] if spec.team else None,
            )
            for spec in data.USERS
        }
        tags = {name: Tag(name=name) for spec in data.ORGANISATIONS for name in spec.tags}
        self.orgs = {
            spec.key: Organisation(
                name=spec.name,
                sector=spec.sector,
                sub_type=spec.sub_type,
                country=spec.country,
                website=f"https://{spec.domain}",
                summary=spec.summary,
                relationship_status=spec.status,
                lead_officer=self.users[spec.lead],
                tags=[tags[name] for name in spec.tags],
                aliases=[OrganisationAlias(name=name, kind=kind) for name, kind in spec.aliases],
            )
            for spec in data.ORGANISATIONS
        }
        for spec in data.ORGANISATIONS:
            self.orgs[spec.key].parent = self.orgs[spec.parent] if spec.parent else None
        self.people: dict[str, Person] = {}
        self.engagements: list[Engagement] = []
        self.actions: list[Action] = []

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def add_people(self, rng: random.Random) -> None:
        """Each person with a role at their organisation; movers also with their ended previous role."""
        domains = {spec.key: spec.domain for spec in data.ORGANISATIONS}
        areas = {spec.key: spec.phone_area for spec in data.ORGANISATIONS}
        for number, spec in enumerate(data.PEOPLE, start=1):
            words = spec.name.split()
            local = spec.email_local or f"{words[0][0]}.{words[-1]}".lower()
            # Numbers spaced out within the drama ranges, so nobody shares one.
            phone = f"07700 900{number * 7:03d}" if spec.mobile else f"{areas[spec.org]}{number * 11:03d}"
            # Everyone who did not move started before the demo's history begins.
            moved = spec.previous
            started = self.day(-30 * (moved.ended_months_ago if moved else rng.randint(20, 100)))
            roles = [
                PersonRole(organisation=self.orgs[spec.org], job_title=spec.job_title, started_on=started)
            ]
            if moved:
                roles.append(
                    PersonRole(
                        organisation=self.orgs[moved.org],
                        job_title=moved.job_title,
                        started_on=self.day(-30 * moved.started_months_ago),
                        ended_on=started,
                    )
                )
            self.people[spec.name] = Person(
                name=spec.name,
                job_title=spec.job_title,
                email=f"{local}@{domains[spec.org]}",
                phone=phone,
                organisation=self.orgs[spec.org],
                notes=spec.notes,
                do_not_contact=spec.do_not_contact,
                roles=roles,
            )

    def add_story(self, story: StoryEngagement) -> None:
        """An engagement and the actions it raised. Weekend dates move to the nearest working day."""
        day = self.day(story.day)
        while day.weekday() >= 5:
            day += timedelta(days=1 if day > self.today else -1)
        starts_at = datetime.combine(day, time.fromisoformat(story.time), tzinfo=LONDON).astimezone(UTC)
        officers = [self.users[key] for key in story.officers]
        engagement = Engagement(
            kind=story.kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=story.minutes) if story.minutes else None,
            title=story.title,
            summary=story.summary,
            organisations=[self.orgs[key] for key in story.orgs],
            people=[self.people[name] for name in story.people],
            officers=officers,
            asks=[self.asks[key] for key in story.asks],
            created_by=officers[0],
            # Sensitive records are seen by the team of the officer who recorded them.
            classification=Classification.OFFICIAL_SENSITIVE if story.sensitive else Classification.OFFICIAL,
            access_team=officers[0].team if story.sensitive else None,
        )
        self.engagements.append(engagement)
        for spec in story.actions:
            self.add_action(spec, engagement)

    def add_action(self, spec: ActionSpec, engagement: Engagement | None) -> None:
        """Owed by us (the officer owns it) or, with a partner, owed by them and chased by the officer."""
        officer = self.users[spec.officer]
        partner = self.orgs[spec.partner] if spec.partner else None
        person = self.people[spec.person] if spec.person else None
        if person is not None and (partner is None or person.organisation is not partner):
            raise ValueError(f"Demo data: {spec.person} does not work for the owner of {spec.title!r}")
        orgs = [self.orgs[key] for key in spec.orgs or ([spec.partner] if spec.partner else [])]
        action = Action(
            title=spec.title,
            description=spec.description,
            status=spec.status,
            priority=spec.priority,
            due_on=None if spec.due is None else self.day(spec.due),
            owner_user=None if partner else officer,
            owner_organisation=partner,
            owner_person=person,
            chaser=officer if partner else None,
            engagement=engagement,
            ask=self.asks[spec.ask] if spec.ask else None,
            organisations=orgs or (engagement.organisations[:1] if engagement else []),
            completed_on=None if spec.completed is None else self.day(spec.completed),
            completion_note=spec.note,
            created_by=engagement.created_by if engagement else officer,
        )
        if engagement is not None:  # an action carries the marking of the engagement it came from
            action.classification, action.access_team = engagement.classification, engagement.access_team
        self.actions.append(action)


def _routine_engagements(today: date, rng: random.Random) -> list[StoryEngagement]:
    """Routine engagements on about half the working days of the last 18 months, busier recently."""
    stories = []
    for offset in range(-HISTORY_DAYS, 0):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5 or rng.random() > (0.62 if offset > -180 else 0.45):
            continue
        template = rng.choices(data.ROUTINE, [template.weight for template in data.ROUTINE])[0]
        orgs = _pick_orgs(template, offset, rng)
        if orgs:
            stories.append(_routine_engagement(template, offset, orgs, rng))
    return stories


def _pick_orgs(template: RoutineTemplate, offset: int, rng: random.Random) -> list[OrgSpec]:
    """Distinct organisations for the template's slots (none if a slot cannot be filled)."""
    chosen: list[OrgSpec] = []
    for pick in template.picks:
        candidates = [
            spec
            for spec in data.ORGANISATIONS
            if (spec.key == pick or (spec.sector == pick and spec.weight > 0))
            and spec not in chosen
            and -offset > spec.quiet_days
        ]
        if not candidates:
            return []
        chosen.append(rng.choices(candidates, [max(spec.weight, 1) for spec in candidates])[0])
    return chosen


def _people_at(org_key: str, offset: int) -> list[str]:
    """Names of the people at the organisation that day, leaving out anyone not to be contacted."""
    names = []
    for spec in data.PEOPLE:
        moved_on = -30 * spec.previous.ended_months_ago if spec.previous else None
        here_now = spec.org == org_key and (moved_on is None or offset >= moved_on)
        here_before = spec.previous is not None and spec.previous.org == org_key and offset < (moved_on or 0)
        if (here_now or here_before) and not spec.do_not_contact:
            names.append(spec.name)
    return names


def _routine_engagement(
    template: RoutineTemplate, offset: int, orgs: list[OrgSpec], rng: random.Random
) -> StoryEngagement:
    """One routine engagement: the template filled with the organisations, some of their people and asks."""
    ask_keys = list(template.asks) or rng.sample(data.ALL_ASKS, template.random_asks)
    names = [org.name for org in orgs]
    fill = dict(zip("abcd", names, strict=False))
    fill["all"] = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    fill["ask"] = data.ASK_TOPICS[ask_keys[0]] if ask_keys else "the five asks"
    attending = [
        rng.sample(present, min(2, len(present))) for present in (_people_at(o.key, offset) for o in orgs)
    ]
    # A partner's follow-up is owed by someone still at the organisation, when one of them was there.
    owner = next((name for name in attending[0] if CURRENT_ORGANISATION[name] == orgs[0].key), None)
    actions = []
    for routine in template.actions:
        # Recent engagements raise more follow-ups, so there is current work to see.
        if rng.random() < (0.8 if offset > -90 else 0.35):
            status, due, completed = _routine_progress(offset, rng)
            actions.append(
                ActionSpec(
                    routine.title.format(**fill),
                    orgs[0].lead,
                    status,
                    due,
                    routine.priority,
                    partner=orgs[0].key if routine.by_partner else None,
                    person=owner if routine.by_partner and rng.random() < 0.6 else None,
                    ask=ask_keys[0] if ask_keys else None,
                    completed=completed,
                    note=routine.completion_note
                    if completed is not None
                    else _CANCELLED_NOTES.get(status, ""),
                )
            )
    return StoryEngagement(
        day=offset,
        time=rng.choice(MEETING_TIMES),
        kind=template.kind,
        title=template.title.format(**fill),
        summary=template.summary.format(**fill),
        orgs=tuple(org.key for org in orgs),
        people=tuple(name for group in attending for name in group),
        # The organisations' lead officers take part; the first organisation's lead records it.
        officers=tuple(dict.fromkeys(org.lead for org in orgs))[:3],
        asks=tuple(ask_keys),
        minutes=template.minutes,
        sensitive=rng.random() < template.sensitive_chance,
        actions=tuple(actions),
    )


def _routine_progress(offset: int, rng: random.Random) -> tuple[ActionStatus, int | None, int | None]:
    """Status, due day and completion day fitting an action's age: old ones mostly done, recent open."""
    due = offset + rng.choice((7, 14, 21, 28, 42, 56, 70))
    roll = rng.random()
    outstanding = rng.choices(OUTSTANDING_STATUSES, OUTSTANDING_WEIGHTS)[0]
    if due >= 0:
        status = ActionStatus.DONE if roll < 0.1 else outstanding
    elif offset > -60 and roll > 0.96:  # the odd recent one lingers past its due date
        status = outstanding
    else:
        status = ActionStatus.DONE if roll < 0.88 else ActionStatus.CANCELLED
    if status == ActionStatus.DONE:
        return status, due, min(offset + rng.randint(1, due - offset + 5), 0)
    return status, None if status in OUTSTANDING_STATUSES and roll < 0.04 else due, None  # some undated
