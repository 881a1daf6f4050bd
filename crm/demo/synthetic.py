"""Synthetic volume for benchmarks: `flask demo load --size medium|large` on top of the demo data.

Rows go in with bulk Core INSERTs in chunks (not one ORM object at a time), with ids assigned here
so the link tables can be filled in the same pass. The shapes are realistic rather than uniform: a
few organisations have thousands of engagements and most have a handful; names collide and share
prefixes; one action in ten is overdue; the work is spread over a realistic number of officers (one
for every hundred organisations, in teams of ten) rather than the handful of demo users, so no
officer answers for tens of thousands of actions. Bulk rows bypass the ORM, so they write no audit events:
they are generated test data, not anyone's change.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import column, func, insert, select, text
from sqlalchemy import table as table_clause

from crm.extensions import db
from crm.models import (
    FIVE_ASKS_KEY,
    Action,
    ActionStatus,
    Ask,
    Classification,
    Engagement,
    EngagementKind,
    Framework,
    Organisation,
    Person,
    Priority,
    RelationshipStatus,
    Role,
    Sector,
    Team,
    User,
    action_organisations,
    engagement_asks,
    engagement_officers,
    engagement_organisations,
    engagement_people,
)
from crm.services import text_search
from crm.services.users import hash_password


@dataclass(frozen=True)
class Size:
    """How many records of each kind a size adds."""

    organisations: int
    people: int
    engagements: int
    actions: int
    officers: int  # added to the demo users, in teams of OFFICERS_PER_TEAM


SIZES = {
    "medium": Size(organisations=10_000, people=50_000, engagements=200_000, actions=300_000, officers=100),
    "large": Size(
        organisations=100_000, people=500_000, engagements=2_000_000, actions=3_000_000, officers=1_000
    ),
}
OFFICERS_PER_TEAM = 10
CHUNK = 5_000
HISTORY_DAYS = 5 * 365

_PREFIXES = [
    "North",
    "South",
    "East",
    "West",
    "Kestrel",
    "Bright",
    "Harbour",
    "Lumen",
    "Stream",
    "Quill",
    "Manor",
    "Cedar",
    "Beacon",
    "Safe",
    "Wren",
    "Tessel",
    "River",
    "Hollins",
    "Ash",
    "Greater",
    "Silver",
    "Blue",
    "Oak",
    "Marsh",
    "Kite",
    "Falcon",
    "Heron",
    "Pebble",
    "Summit",
    "Vale",
]
# A middle joins the prefix into one word ("Kestrelwave Social"); a bare space keeps two ("Kestrel Social").
_MIDDLES = [" ", " ", " ", "field ", "wave ", "line ", "point ", "gate ", "ford ", "brook ", "shire "]
_SUFFIXES = {
    Sector.TECHNOLOGY: ["Social", "Video", "Chat", "Messaging", "Cloud", "Games", "Forums", "Live", "Apps"],
    Sector.LAW_ENFORCEMENT: ["Police", "Constabulary", "Regional Organised Crime Unit", "Cyber Crime Unit"],
    Sector.CHARITY: ["Helpline", "Hotline Trust", "Child Protection Trust", "Foundation"],
    Sector.GOVERNMENT: ["Policy Team", "Safeguarding Unit", "Online Harms Team", "Analysis Unit"],
}
_SECTOR_WEIGHTS = [
    (Sector.TECHNOLOGY, 45),
    (Sector.LAW_ENFORCEMENT, 25),
    (Sector.CHARITY, 20),
    (Sector.GOVERNMENT, 10),
]
_FIRST = [
    "Alex",
    "Sam",
    "Jordan",
    "Priya",
    "Tom",
    "Hannah",
    "Ravi",
    "Catherine",
    "Amir",
    "Grace",
    "Owen",
    "Mei",
]
_LAST = [
    "Okafor",
    "Holt",
    "Whitfield",
    "Ellis",
    "Desai",
    "Nair",
    "Brennan",
    "Clarke",
    "Haddad",
    "Lowe",
    "Price",
]


# The page cache for a bulk load on SQLite, in KiB.
BULK_CACHE_KIB = 512 * 1024


def add_volume(size_name: str, *, today: date, progress: Callable[[str], None]) -> dict[str, int]:
    """Bulk-insert the records of a size; returns counts by kind. The caller commits."""
    size = SIZES[size_name]
    rng = random.Random(2026)
    officers = list(db.session.scalars(select(User.id).where(User.active.is_(True)).order_by(User.id)))
    asks = list(
        db.session.scalars(
            select(Ask.id).join(Framework).where(Framework.key == FIVE_ASKS_KEY).order_by(Ask.position)
        )
    )
    teams = list(db.session.scalars(select(Team.id).order_by(Team.id)))
    if not officers or not asks or not teams:
        raise RuntimeError("Load the demo data first: synthetic volume needs its users and the five asks.")
    now = datetime.now(UTC)
    counts: dict[str, int] = {}
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite's default page cache is 2 MB: bulk inserts into the indexes and the trigram tables
        # of hundreds of thousands of rows then re-read the same pages from the file again and
        # again. This connection only; the memory is returned when the command ends.
        db.session.execute(text(f"PRAGMA cache_size = -{BULK_CACHE_KIB}"))
    suspended = _suspend_text_index_triggers()
    officers += _add_officers(size.officers, rng, now, progress)
    counts["officers"] = size.officers

    org_start = _next_id(Organisation)
    orgs = [_organisation(org_start + n, rng, officers, now) for n in range(size.organisations)]
    counts["organisations"] = _bulk(Organisation.__table__, orgs, "organisations", progress)
    org_ids = [row["id"] for row in orgs]
    # A few organisations see most of the contact: weights fall off steeply (Zipf-like).
    org_weights = list(accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(org_ids))))

    person_start = _next_id(Person)
    people = [_person(person_start + n, rng, org_ids, now) for n in range(size.people)]
    counts["people"] = _bulk(Person.__table__, people, "people", progress)
    people_by_org: dict[int, list[int]] = {}
    for row in people:
        people_by_org.setdefault(row["organisation_id"], []).append(row["id"])

    engagement_start = _next_id(Engagement)
    engagement_rows: list[dict[str, Any]] = []
    links: dict[str, list[dict[str, Any]]] = {"orgs": [], "people": [], "officers": [], "asks": []}
    engagement_orgs: dict[int, list[int]] = {}
    for n in range(size.engagements):
        engagement_id = engagement_start + n
        chosen = set(rng.choices(org_ids, cum_weights=org_weights, k=rng.choice((1, 1, 1, 2, 2, 3))))
        engagement_orgs[engagement_id] = sorted(chosen)
        engagement_rows.append(_engagement(engagement_id, rng, now, officers, teams))
        starts_at = engagement_rows[-1]["starts_at"]  # the link's copy (migration 0013's triggers skip it)
        for org_id in chosen:
            links["orgs"].append(
                {"engagement_id": engagement_id, "organisation_id": org_id, "starts_at": starts_at}
            )
            for person_id in people_by_org.get(org_id, [])[: rng.choice((0, 1, 2))]:
                links["people"].append({"engagement_id": engagement_id, "person_id": person_id})
        links["officers"].append({"engagement_id": engagement_id, "user_id": rng.choice(officers)})
        for ask_id in rng.sample(asks, rng.choice((0, 1, 1, 2))):
            links["asks"].append({"engagement_id": engagement_id, "ask_id": ask_id})
    counts["engagements"] = _bulk(Engagement.__table__, engagement_rows, "engagements", progress)
    for key, table in (
        ("orgs", engagement_organisations),
        ("people", engagement_people),
        ("officers", engagement_officers),
        ("asks", engagement_asks),
    ):
        _bulk(table, links[key], f"engagement links ({key})", progress)

    action_start = _next_id(Action)
    action_rows, action_links = [], []
    engagement_ids = list(engagement_orgs)
    for n in range(size.actions):
        action_id = action_start + n
        source = rng.choice(engagement_ids) if rng.random() < 0.8 else None  # one in five is standalone
        org_choices = engagement_orgs[source] if source else [rng.choice(org_ids)]
        row = _action(action_id, rng, today, now, officers, org_choices, asks, source)
        action_rows.append(row)
        action_links.append({"action_id": action_id, "organisation_id": org_choices[0]})
    counts["actions"] = _bulk(Action.__table__, action_rows, "actions", progress)
    _bulk(action_organisations, action_links, "action links", progress)

    _rebuild_text_indexes(suspended, progress)
    _move_sequences_on()
    return counts


def _add_officers(
    count: int, rng: random.Random, now: datetime, progress: Callable[[str], None]
) -> list[int]:
    """Officers in teams of OFFICERS_PER_TEAM, as bulk rows; returns their ids. Nobody signs in as
    them: they share one hash of a random password nobody knows."""
    team_start, user_start = _next_id(Team), _next_id(User)
    teams: list[dict[str, Any]] = [
        {
            "id": team_start + n,
            "name": f"Synthetic liaison team {n + 1}",
            "description": "Generated for benchmarks",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(max(1, count // OFFICERS_PER_TEAM))
    ]
    _bulk(Team.__table__, teams, "teams", progress)
    password_hash = hash_password(secrets.token_urlsafe(32))
    users: list[dict[str, Any]] = [
        {
            "id": user_start + n,
            "email": f"officer{n + 1}@synthetic.example.org",
            "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            "password_hash": password_hash,
            "role": Role.OFFICER,
            "team_id": teams[n % len(teams)]["id"],
            "active": True,
            "session_version": 1,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    _bulk(User.__table__, users, "officers", progress)
    return [row["id"] for row in users]


def _suspend_text_index_triggers() -> list[str]:
    """On SQLite, drop the triggers that index each new person, contact and action in the trigram
    tables, and return their SQL: indexing 500,000 rows one at a time doubled the load's time, and
    rebuilding each table once at the end (_rebuild_text_indexes) gives the same index. In the
    load's transaction, so a failed load leaves the triggers as they were."""
    if db.session.get_bind().dialect.name != "sqlite":
        return []
    triggers = db.session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, :n) = :prefix"),
        {"n": len(text_search.TRIGRAM_PREFIX), "prefix": text_search.TRIGRAM_PREFIX},
    ).all()
    for name, _sql in triggers:
        db.session.execute(text(f'DROP TRIGGER "{name}"'))
    return [sql for _name, sql in triggers]


def _rebuild_text_indexes(trigger_sql: list[str], progress: Callable[[str], None]) -> None:
    """Rebuild every trigram table from its table's rows, then put the triggers back."""
    if not trigger_sql:
        return
    started = time.monotonic()
    tables = [text_search.trigram_table(model) for model in text_search.INDEXED_COLUMNS]
    for name in tables:
        # FTS5's 'rebuild' command: an insert of that word into the column named after the table.
        db.session.execute(insert(table_clause(name, column(name))).values({name: "rebuild"}))
    for sql in trigger_sql:
        db.session.execute(text(sql))
    progress(f"  {len(tables):>9,} text indexes rebuilt in {time.monotonic() - started:.1f}s")


def _next_id(model: Any) -> int:
    return int(db.session.scalar(select(func.coalesce(func.max(model.id), 0)))) + 1


def _bulk(table: Any, rows: list[dict[str, Any]], label: str, progress: Callable[[str], None]) -> int:
    started = time.monotonic()
    for chunk in _chunks(rows):
        db.session.execute(insert(table), chunk)
    if db.session.get_bind().dialect.name == "postgresql":
        # Rows added in this transaction are invisible to the planner until ANALYZE: the foreign-key
        # checks of the link rows that follow would otherwise plan a scan of this table per row
        # (engagement links to 50,000 people took 118 s instead of a few).
        db.session.execute(text(f"ANALYZE {table.name}"))
    progress(f"  {len(rows):>9,} {label} in {time.monotonic() - started:.1f}s")
    return len(rows)


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _move_sequences_on() -> None:
    """Explicit ids leave PostgreSQL's sequences behind: move each past its table's largest id."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in (Team, User, Organisation, Person, Engagement, Action):
        sequence = func.pg_get_serial_sequence(model.__tablename__, "id")
        db.session.execute(select(func.setval(sequence, select(func.max(model.id)).scalar_subquery())))


def _organisation(org_id: int, rng: random.Random, officers: list[int], now: datetime) -> dict[str, Any]:
    sector = rng.choices([s for s, _ in _SECTOR_WEIGHTS], weights=[w for _, w in _SECTOR_WEIGHTS])[0]
    name = f"{rng.choice(_PREFIXES)}{rng.choice(_MIDDLES)}{rng.choice(_SUFFIXES[sector])}"
    if rng.random() < 0.6:
        name = f"{name} {org_id}"  # names collide without a distinguishing number, as real ones do
    return {
        "id": org_id,
        "name": name,
        "sector": sector,
        "sub_type": rng.choice(
            ["", "messaging platform", "video sharing", "police force", "helpline", "policy team"]
        ),
        "country": "United Kingdom"
        if rng.random() < 0.8
        else rng.choice(["United States", "Ireland", "Netherlands"]),
        "website": "",
        "summary": f"Synthetic organisation {org_id} for benchmarks.",
        "relationship_status": rng.choice(list(RelationshipStatus)),
        "lead_officer_id": rng.choice(officers),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


def _person(person_id: int, rng: random.Random, org_ids: list[int], now: datetime) -> dict[str, Any]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return {
        "id": person_id,
        "name": f"{first} {last}",
        "job_title": rng.choice(
            ["Head of Trust and Safety", "Detective Inspector", "Policy Adviser", "Helpline Manager"]
        ),
        "email": f"{first.lower()}.{last.lower()}.{person_id}@synthetic.example.org",
        "phone": f"020 7946 0{person_id % 1000:03d}",
        "organisation_id": rng.choice(org_ids),
        "notes": "",
        "do_not_contact": rng.random() < 0.02,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


def _engagement(
    engagement_id: int, rng: random.Random, now: datetime, officers: list[int], teams: list[int]
) -> dict[str, Any]:
    starts_at = now - timedelta(days=rng.randint(-30, HISTORY_DAYS), minutes=rng.randint(0, 600))
    sensitive = rng.random() < 0.1
    return {
        "id": engagement_id,
        "kind": rng.choice(list(EngagementKind)),
        "starts_at": starts_at,
        "title": f"Synthetic contact {engagement_id}",
        "summary": "Generated for benchmarks.",
        "classification": Classification.OFFICIAL_SENSITIVE if sensitive else Classification.OFFICIAL,
        "access_team_id": rng.choice(teams) if sensitive else None,
        "created_by_id": rng.choice(officers),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


def _action(
    action_id: int,
    rng: random.Random,
    today: date,
    now: datetime,
    officers: list[int],
    org_choices: list[int],
    asks: list[int],
    engagement_id: int | None,
) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.10:  # one in ten overdue
        status, due_on = (
            rng.choice((ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)),
            today - timedelta(days=rng.randint(1, 120)),
        )
    elif roll < 0.35:
        status, due_on = (
            rng.choice((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
            today + timedelta(days=rng.randint(0, 90)),
        )
    else:
        status, due_on = (
            rng.choice((ActionStatus.DONE, ActionStatus.DONE, ActionStatus.CANCELLED)),
            today - timedelta(days=rng.randint(1, HISTORY_DAYS)),
        )
    owed_by_partner = rng.random() < 0.4
    return {
        "id": action_id,
        "title": f"Synthetic action {action_id}",
        "description": "",
        "status": status,
        "priority": rng.choice(list(Priority)),
        "due_on": due_on,
        "owner_user_id": None if owed_by_partner else rng.choice(officers),
        "owner_organisation_id": org_choices[0] if owed_by_partner else None,
        "owner_person_id": None,
        "chaser_id": rng.choice(officers) if owed_by_partner else None,
        "engagement_id": engagement_id,
        "ask_id": rng.choice(asks) if rng.random() < 0.5 else None,
        "classification": Classification.OFFICIAL,
        "access_team_id": None,
        "completion_note": "Done." if status == ActionStatus.DONE else "",
        "completed_on": due_on if status == ActionStatus.DONE else None,
        "created_by_id": rng.choice(officers),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
