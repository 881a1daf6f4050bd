"""The floor: a minimal Flask app (not the product) that serves the same rows as each key request.

Each route runs the best hand-written SQL we know for the rows the product page shows, on the same
database, through plain sqlite3/psycopg (no ORM, no access-check layer, no layout, no components),
and renders them in a plain Jinja table. Served by gunicorn exactly like the product, so
page time / floor time is the product's own overhead.

Who is asking comes from the environment the runner sets: BENCH_OFFICER_ID, BENCH_OFFICER_TEAM,
BENCH_LEAD_ID, BENCH_LEAD_TEAM, BENCH_BUSIEST_ORG, BENCH_FIVE_ASKS (framework id), DATABASE_URL.
"""

# ruff: noqa: S608 -- every SQL fragment joined here is a fixed string; values are bound parameters.
from __future__ import annotations

import os
from calendar import monthrange
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from benchdb import Database, by_key
from flask import Flask, Response, redirect, render_template, request

PAGE_SIZE = 50  # the product's CRM_PAGE_SIZE
OUTSTANDING = ("open", "in-progress", "blocked")
LONDON = ZoneInfo("Europe/London")

app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent / "templates"))
db = Database(os.environ["DATABASE_URL"])


def _id(name: str) -> int | None:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else None


OFFICER = _id("BENCH_OFFICER_ID")
OFFICER_TEAM = _id("BENCH_OFFICER_TEAM")
LEAD = _id("BENCH_LEAD_ID")
LEAD_TEAM = _id("BENCH_LEAD_TEAM")
BUSIEST_ORG = _id("BENCH_BUSIEST_ORG")
FIVE_ASKS = _id("BENCH_FIVE_ASKS")

Section = dict[str, Any]
FLOORS: dict[str, Callable[[], list[Section]]] = {}


def floor(name: str) -> Callable[[Callable[[], list[Section]]], Callable[[], list[Section]]]:
    def register(view: Callable[[], list[Section]]) -> Callable[[], list[Section]]:
        FLOORS[name] = view
        return view

    return register


def visible(alias: str) -> str:
    """The access scope as plain SQL: OFFICIAL, or OFFICIAL-SENSITIVE of the reader's team (:team).

    On SQLite the columns are written +column so that the planner does not use their indexes: without
    ANALYZE statistics it would read nine rows in ten through the classification index (a MULTI-INDEX
    OR plan) instead of the index that serves the query's own filter or order."""
    classification, team = unindexed(f"{alias}.classification"), unindexed(f"{alias}.access_team_id")
    return f"({classification} = 'official' OR {team} = :team)"


def unindexed(column: str) -> str:
    """On SQLite, +column: the planner will not pick that column's index (PostgreSQL has statistics)."""
    return f"+{column}" if db.dialect == "sqlite" else column


def london_today() -> date:
    return datetime.now(UTC).astimezone(LONDON).date()


def section(title: str, headings: list[str], rows: list[Any], total: int | None = None) -> Section:
    return {"title": title, "headings": headings, "rows": rows, "total": total}


# --- Dashboard ---------------------------------------------------------------------------------


@floor("dashboard")
def dashboard() -> list[Section]:
    today = london_today()
    counts = db.one(
        """
        SELECT
          count(*) FILTER (WHERE a.owner_user_id = :me),
          count(*) FILTER (WHERE a.owner_user_id = :me AND a.due_on < :today),
          count(*) FILTER (WHERE a.owner_user_id = :me AND a.due_on BETWEEN :today AND :week_end),
          count(*) FILTER (WHERE a.owner_user_id = :me AND a.status = 'blocked'),
          count(*) FILTER (WHERE a.chaser_id = :me AND a.owner_organisation_id IS NOT NULL)
        FROM actions a
        WHERE a.status IN :outstanding AND (a.owner_user_id = :me OR a.chaser_id = :me) AND """
        + visible("a"),
        me=OFFICER,
        team=OFFICER_TEAM,
        today=db.day(today),
        week_end=db.day(today + timedelta(days=7)),
        outstanding=OUTSTANDING,
    )
    now = db.timestamp(datetime.now(UTC))
    columns = "SELECT e.id, e.kind, e.starts_at, e.title FROM engagements e WHERE "
    recent = db.rows(
        columns
        + "e.starts_at <= :now AND "
        + visible("e")
        + " ORDER BY e.starts_at DESC, e.id DESC LIMIT 10",
        now=now,
        team=OFFICER_TEAM,
    )
    upcoming = db.rows(
        columns + "e.starts_at > :now AND " + visible("e") + " ORDER BY e.starts_at, e.id LIMIT 5",
        now=now,
        team=OFFICER_TEAM,
    )
    organisations = _engagement_organisations([row[0] for row in recent + upcoming])
    headings = ["Kind", "When", "Title", "Organisations"]
    return [
        section(
            "Your outstanding actions",
            ["Outstanding", "Overdue", "This week", "Blocked", "To chase"],
            [counts],
        ),
        section("Recent", headings, _with_organisations(recent, organisations)),
        section("Upcoming", headings, _with_organisations(upcoming, organisations)),
    ]


def _engagement_organisations(engagement_ids: list[int]) -> dict[Any, list[Any]]:
    return by_key(
        db.rows(
            "SELECT eo.engagement_id, o.name FROM engagement_organisations eo"
            " JOIN organisations o ON o.id = eo.organisation_id"
            " WHERE eo.engagement_id IN :ids ORDER BY o.name",
            ids=engagement_ids,
        )
    )


def _with_organisations(rows: list[Any], organisations: dict[Any, list[Any]]) -> list[Any]:
    return [(*row[1:], ", ".join(org[1] for org in organisations.get(row[0], []))) for row in rows]


# --- Organisations -----------------------------------------------------------------------------

ORGANISATION_COLUMNS = (
    "SELECT o.id, o.name, o.sector, o.sub_type, o.country, o.relationship_status, u.name"
    " FROM organisations o LEFT JOIN users u ON u.id = o.lead_officer_id WHERE "
)
ORGANISATION_HEADINGS = ["Id", "Name", "Sector", "Type", "Country", "Relationship", "Lead officer"]


def _organisation_page(where: str, **params: Any) -> list[Section]:
    where = "o.archived_at IS NULL AND " + where
    total = db.scalar("SELECT count(*) FROM organisations o WHERE " + where, **params)
    rows = db.rows(
        ORGANISATION_COLUMNS + where + " ORDER BY o.name, o.id LIMIT :limit", limit=PAGE_SIZE, **params
    )
    return [section("Organisations", ORGANISATION_HEADINGS, rows, total)]


def _name_matches(column: str, patterns: list[str]) -> str:
    """Case-insensitive LIKE on any of the patterns (the :p0, :p1... parameters)."""
    return "(" + " OR ".join(f"lower({column}) LIKE :p{n}" for n in range(len(patterns))) + ")"


def _word_prefix_patterns(term: str) -> list[str]:
    """A name starting with the term, or with a later word starting with it."""
    term = term.lower().replace("%", "").replace("_", "")
    return [f"{term}%", f"% {term}%"]


def _one_typo_patterns(term: str) -> list[str]:
    """Word prefixes within one substituted letter of the term ("Kestral" finds "Kestrel")."""
    term = term.lower().replace("%", "").replace("_", "")
    variants = [term[:n] + "_" + term[n + 1 :] for n in range(len(term))]
    return [pattern for variant in variants for pattern in (f"{variant}%", f"% {variant}%")]


def _organisation_search(patterns: list[str]) -> list[Section]:
    params = {f"p{n}": pattern for n, pattern in enumerate(patterns)}
    alias_match = (
        "EXISTS (SELECT 1 FROM organisation_aliases oa WHERE oa.organisation_id = o.id AND "
        + _name_matches("oa.name", patterns)
        + ")"
    )
    return _organisation_page(f"({_name_matches('o.name', patterns)} OR {alias_match})", **params)


@floor("organisations")
def organisations() -> list[Section]:
    return _organisation_page("1 = 1")


@floor("organisations-sector")
def organisations_by_sector() -> list[Section]:
    return _organisation_page("o.sector = :sector", sector="technology")


@floor("organisations-prefix")
def organisations_prefix() -> list[Section]:
    """Names, other names, summary or tags with a word starting with the term: through the product's
    own search index when the database has one (migration 0002), else a LIKE scan of names."""
    term = _word(request.args.get("q", "kest"))
    if has_search_index():
        if db.dialect == "sqlite":
            found = "SELECT rowid FROM organisation_search WHERE organisation_search MATCH :match"
            return _organisation_page(f"o.id IN ({found})", match=f'"{term}"*')
        found = (
            "SELECT organisation_id FROM search.organisation_documents"
            " WHERE document @@ to_tsquery('simple', :match)"
        )
        return _organisation_page(f"o.id IN ({found})", match=f"'{term}':*")
    return _organisation_search(_word_prefix_patterns(term))


@floor("organisations-typo")
def organisations_typo() -> list[Section]:
    """Names with a word within one wrong letter of the term (or starting so). With the product's
    search index, candidates come from it first (SQLite: names sharing trigrams with the term, best
    100; PostgreSQL: the dictionary of name words, pg_trgm) and the one-letter rule picks among them."""
    term = _word(request.args.get("q", "Kestral"))
    patterns = _one_typo_patterns(term)
    if not has_search_index():
        return _organisation_search(patterns)
    params = {f"p{n}": pattern for n, pattern in enumerate(patterns)}
    if db.dialect == "sqlite":
        trigrams = dict.fromkeys(term[i : i + 3] for i in range(len(term) - 2))
        candidates = (
            "SELECT rowid FROM organisation_search_trigram WHERE organisation_search_trigram MATCH :match"
            " ORDER BY rank LIMIT 100"
        )
        params["match"] = " OR ".join(f'"{trigram}"' for trigram in trigrams)
    else:
        words = [
            row[0]
            for row in db.rows(
                "SELECT word FROM search.organisation_words WHERE word % :term"
                " ORDER BY similarity(word, :term) DESC, word LIMIT 10",
                term=term,
            )
        ]
        candidates = (
            "SELECT organisation_id FROM search.organisation_documents"
            " WHERE document @@ to_tsquery('simple', :match) LIMIT 100"
        )
        params["match"] = " | ".join(f"'{word}':*" for word in [term, *words])
    alias_match = (
        "EXISTS (SELECT 1 FROM organisation_aliases oa WHERE oa.organisation_id = o.id AND "
        + _name_matches("oa.name", patterns)
        + ")"
    )
    return _organisation_page(
        f"o.id IN ({candidates}) AND ({_name_matches('o.name', patterns)} OR {alias_match})", **params
    )


def _word(text: str) -> str:
    """The letters and digits of a search term, lower case (safe inside FTS and tsquery syntax)."""
    return "".join(character for character in text.lower() if character.isalnum())


_search_index: dict[int, bool] = {}


def has_search_index() -> bool:
    """Whether the database has the product's organisation search index (checked once per worker)."""
    if os.getpid() not in _search_index:
        if db.dialect == "sqlite":
            found = db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'organisation_search_trigram'")
        else:
            found = db.scalar("SELECT to_regclass('search.organisation_words') IS NOT NULL")
            if found:  # for this worker's connection, once: the similarity `%` needs for a typo
                db.scalar("SELECT set_config('pg_trgm.similarity_threshold', '0.3', false)")
        _search_index[os.getpid()] = bool(found)
    return _search_index[os.getpid()]


_trigram_tables: dict[int, bool] = {}


def trigram_filter(alias: str, table: str) -> str:
    """On SQLite with the product's trigram tables (migration 0007): "<alias>.id IN (the rows whose
    indexed text contains :trgm) AND ", the index the product's contains-searches read, which
    narrows the LIKEs that follow to a few rows. Else "" (PostgreSQL's pg_trgm indexes serve the
    LIKEs themselves)."""
    if os.getpid() not in _trigram_tables:
        found = db.dialect == "sqlite" and db.scalar(
            "SELECT count(*) FROM sqlite_master WHERE name = 'search_trgm_people'"
        )
        _trigram_tables[os.getpid()] = bool(found)
    if not _trigram_tables[os.getpid()]:
        return ""
    index = f"search_trgm_{table}"
    return f"{alias}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH :trgm) AND "


@floor("organisation-busiest")
def organisation_page() -> list[Section]:
    org = int(request.args.get("id", BUSIEST_ORG or 0))
    record = db.rows(
        "SELECT o.name, o.sector, o.sub_type, o.country, o.website, o.summary, o.relationship_status,"
        " u.name, p.name FROM organisations o LEFT JOIN users u ON u.id = o.lead_officer_id"
        " LEFT JOIN organisations p ON p.id = o.parent_id WHERE o.id = :org",
        org=org,
    )
    aliases = db.rows(
        "SELECT name, kind FROM organisation_aliases WHERE organisation_id = :org ORDER BY name", org=org
    )
    tags = db.rows(
        "SELECT t.name FROM tags t JOIN organisation_tags ot ON ot.tag_id = t.id"
        " WHERE ot.organisation_id = :org ORDER BY t.name",
        org=org,
    )
    people = db.rows(
        "SELECT id, name, job_title, email FROM people WHERE organisation_id = :org AND erased_at IS NULL"
        " ORDER BY name, id LIMIT :limit",
        org=org,
        limit=PAGE_SIZE,
    )
    timeline_where = (
        " FROM engagement_organisations eo JOIN engagements e ON e.id = eo.engagement_id"
        " WHERE eo.organisation_id = :org AND " + visible("e")
    )
    timeline_total = db.scalar("SELECT count(*)" + timeline_where, org=org, team=OFFICER_TEAM)
    timeline = db.rows(
        "SELECT e.id, e.kind, e.starts_at, e.title"
        + timeline_where
        + " ORDER BY e.starts_at DESC, e.id DESC LIMIT :limit",
        org=org,
        team=OFFICER_TEAM,
        limit=PAGE_SIZE,
    )
    # Start from the organisation's own actions (linked or owed), not from every outstanding action.
    actions = db.rows(
        "SELECT a.id, a.title, a.due_on, a.status, a.priority FROM actions a WHERE a.id IN"
        " (SELECT ao.action_id FROM action_organisations ao WHERE ao.organisation_id = :org"
        "  UNION SELECT x.id FROM actions x WHERE x.owner_organisation_id = :org)"
        f" AND {unindexed('a.status')} IN :outstanding AND "
        + visible("a")
        + " ORDER BY a.due_on IS NULL, a.due_on, a.id LIMIT :limit",
        org=org,
        team=OFFICER_TEAM,
        outstanding=OUTSTANDING,
        limit=PAGE_SIZE,
    )
    scorecard = db.rows(
        "SELECT k.title, c.status, c.last_reviewed_on FROM asks k LEFT JOIN commitments c"
        " ON c.ask_id = k.id AND c.organisation_id = :org"
        " WHERE k.framework_id = :framework ORDER BY k.position",
        org=org,
        framework=FIVE_ASKS,
    )
    return [
        section(
            "Organisation",
            ["Name", "Sector", "Type", "Country", "Website", "Summary", "Status", "Lead", "Parent"],
            record,
        ),
        section("Other names", ["Name", "Kind"], aliases),
        section("Tags", ["Tag"], tags),
        section("People", ["Id", "Name", "Job title", "Email"], people),
        section("Timeline", ["Id", "Kind", "When", "Title"], timeline, timeline_total),
        section("Open actions", ["Id", "Title", "Due", "Status", "Priority"], actions),
        section("Five asks", ["Ask", "Status", "Reviewed"], scorecard),
    ]


# --- People ------------------------------------------------------------------------------------


@floor("people-search")
def people_search() -> list[Section]:
    word = _word(request.args.get("q", "okaf"))
    patterns = _word_prefix_patterns(word)
    params = {f"p{n}": pattern for n, pattern in enumerate(patterns)} | {"trgm": f'"{word}"'}
    where = (
        " WHERE p.erased_at IS NULL AND " + trigram_filter("p", "people") + _name_matches("p.name", patterns)
    )
    total = db.scalar("SELECT count(*) FROM people p" + where, **params)
    rows = db.rows(
        "SELECT p.id, p.name, p.job_title, p.email, o.name FROM people p"
        " LEFT JOIN organisations o ON o.id = p.organisation_id"
        + where
        + " ORDER BY p.name, p.id LIMIT :limit",
        limit=PAGE_SIZE,
        **params,
    )
    return [section("People", ["Id", "Name", "Job title", "Email", "Organisation"], rows, total)]


# --- Actions -----------------------------------------------------------------------------------

ACTION_COLUMNS = (
    "SELECT a.id, a.title, a.status, a.priority, a.due_on, a.updated_at, owner.name, chaser.name,"
    " owing.name, person.name, ask.title"
    " FROM actions a"
    " LEFT JOIN users owner ON owner.id = a.owner_user_id"
    " LEFT JOIN users chaser ON chaser.id = a.chaser_id"
    " LEFT JOIN organisations owing ON owing.id = a.owner_organisation_id"
    " LEFT JOIN people person ON person.id = a.owner_person_id"
    " LEFT JOIN asks ask ON ask.id = a.ask_id"
)
PRIORITY_RANK = "CASE a.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END"


def _actions_page(responsible: str, extra: str = "", **params: Any) -> list[Section]:
    """Outstanding actions an officer answers for (owes, or chases when a partner owes), due first."""
    where = f" WHERE a.status IN :outstanding AND {responsible} {extra} AND " + visible("a")
    params |= {"outstanding": OUTSTANDING}
    total = db.scalar("SELECT count(*) FROM actions a" + where, **params)
    rows = db.rows(
        ACTION_COLUMNS + where + f" ORDER BY a.due_on IS NULL, a.due_on, {PRIORITY_RANK}, a.id LIMIT :limit",
        limit=PAGE_SIZE,
        **params,
    )
    linked = by_key(
        db.rows(
            "SELECT ao.action_id, o.name FROM action_organisations ao"
            " JOIN organisations o ON o.id = ao.organisation_id WHERE ao.action_id IN :ids ORDER BY o.name",
            ids=[row[0] for row in rows],
        )
    )
    rows = [(*row, ", ".join(org[1] for org in linked.get(row[0], []))) for row in rows]
    headings = ["Id", "Title", "Status", "Priority", "Due", "Updated", "Owner", "Chaser", "Owing", "Person"]
    return [section("Actions", [*headings, "Ask", "Organisations"], rows, total)]


def _responsible(officers: str) -> str:
    return f"(a.owner_user_id {officers} OR (a.owner_user_id IS NULL AND a.chaser_id {officers}))"


@floor("actions-mine")
def actions_mine() -> list[Section]:
    return _actions_page(_responsible("= :me"), me=OFFICER, team=OFFICER_TEAM)


@floor("actions-overdue")
def actions_overdue() -> list[Section]:
    today = db.day(london_today())
    return _actions_page(
        _responsible("= :me"), "AND a.due_on < :today", me=OFFICER, team=OFFICER_TEAM, today=today
    )


@floor("actions-team")
def actions_team() -> list[Section]:
    members = "IN (SELECT u.id FROM users u WHERE u.team_id = :team)"
    return _actions_page(_responsible(members), team=LEAD_TEAM)


# --- Scorecard ---------------------------------------------------------------------------------


@floor("scorecard")
def scorecard() -> list[Section]:
    """Every technology company (the product's grid is not paginated) against the five asks."""
    companies = db.rows(
        "SELECT o.id, o.name, u.name,"
        " (SELECT count(*) FROM commitments c JOIN asks k ON k.id = c.ask_id"
        "  WHERE c.organisation_id = o.id AND k.framework_id = :framework AND c.status = 'delivered')"
        " FROM organisations o LEFT JOIN users u ON u.id = o.lead_officer_id"
        " WHERE o.sector = 'technology' AND o.archived_at IS NULL ORDER BY lower(o.name), o.id",
        framework=FIVE_ASKS,
    )
    asks = db.rows(
        "SELECT id, title FROM asks WHERE framework_id = :framework ORDER BY position", framework=FIVE_ASKS
    )
    commitments = {
        (row[0], row[1]): row[2:]
        for row in db.rows(
            "SELECT c.organisation_id, c.ask_id, c.status, c.last_reviewed_on FROM commitments c"
            " JOIN organisations o ON o.id = c.organisation_id JOIN asks k ON k.id = c.ask_id"
            " WHERE o.sector = 'technology' AND o.archived_at IS NULL AND k.framework_id = :framework",
            framework=FIVE_ASKS,
        )
    }
    summary: dict[tuple[int, str], int] = {}
    for (_org, ask), (status, _reviewed) in commitments.items():
        summary[(ask, status)] = summary.get((ask, status), 0) + 1
    rows = [
        (name, lead, delivered, *(commitments.get((org, ask[0]), ("not-engaged",))[0] for ask in asks))
        for org, name, lead, delivered in companies
    ]
    summary_rows = [(ask[1], *(summary.get((ask[0], s), 0) for s in COMMITMENT_STATUSES)) for ask in asks]
    return [
        section("Summary", ["Ask", *COMMITMENT_STATUSES], summary_rows),
        section("Scorecard", ["Company", "Lead", "Delivered", *(ask[1] for ask in asks)], rows, len(rows)),
    ]


COMMITMENT_STATUSES = ("not-engaged", "in-discussion", "committed", "in-progress", "delivered", "declined")


# --- Reports -----------------------------------------------------------------------------------


def london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _last_months(months: int) -> tuple[date, date]:
    today = london_today()
    return add_months(today.replace(day=1), -(months - 1)), today


def month_bucket(column: str, start: date, end: date, *, timestamps: bool) -> tuple[str, dict[str, Any]]:
    """SQL naming the London month of each row. SQLite: by comparing with the months' first instants,
    worked out here once (no per-row time-zone arithmetic, which SQLite can only spell out with date
    functions); PostgreSQL: its own to_char(... AT TIME ZONE ...), which measured faster there."""
    if db.dialect == "postgresql":
        return (db.london_month(column) if timestamps else db.date_month(column)), {}
    months: list[date] = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    params: dict[str, Any] = {}
    branches = []
    for number, first in enumerate(months[1:]):
        params[f"month_before_{number}"] = (
            db.timestamp(london_midnight(first)) if timestamps else db.day(first)
        )
        params[f"month_key_{number}"] = f"{months[number]:%Y-%m}"
        branches.append(f"WHEN {column} < :month_before_{number} THEN :month_key_{number}")
    params["month_key_last"] = f"{months[-1]:%Y-%m}"
    return f"CASE {' '.join(branches)} ELSE :month_key_last END", params


@floor("report-engagements-by-sector")
def report_engagements_by_sector() -> list[Section]:
    start, end = _last_months(18)
    month, month_params = month_bucket("e.starts_at", start, end, timestamps=True)
    rows = db.rows(
        f"SELECT {month}, o.sector, count(DISTINCT e.id),"
        " max(CASE WHEN e.classification = 'official-sensitive' THEN 1 ELSE 0 END)"
        " FROM engagements e JOIN engagement_organisations eo ON eo.engagement_id = e.id"
        " JOIN organisations o ON o.id = eo.organisation_id"
        " WHERE e.starts_at >= :starts AND e.starts_at < :ends AND " + visible("e") + " GROUP BY 1, 2",
        starts=db.timestamp(london_midnight(start)),
        ends=db.timestamp(london_midnight(end + timedelta(days=1))),
        team=OFFICER_TEAM,
        **month_params,
    )
    return [
        section("Engagements per sector per month", ["Month", "Sector", "Engagements", "Sensitive"], rows)
    ]


@floor("report-actions-opened-closed")
def report_actions_opened_closed() -> list[Section]:
    start, end = _last_months(18)
    opened_month, opened_params = month_bucket("a.created_at", start, end, timestamps=True)
    closed_month, closed_params = month_bucket("a.completed_on", start, end, timestamps=False)
    sensitive = "max(CASE WHEN a.classification = 'official-sensitive' THEN 1 ELSE 0 END)"
    opened = db.rows(
        f"SELECT {opened_month}, count(*), {sensitive} FROM actions a"
        " WHERE a.created_at >= :starts AND a.created_at < :ends AND " + visible("a") + " GROUP BY 1",
        starts=db.timestamp(london_midnight(start)),
        ends=db.timestamp(london_midnight(end + timedelta(days=1))),
        team=OFFICER_TEAM,
        **opened_params,
    )
    closed = db.rows(
        f"SELECT {closed_month}, count(*), {sensitive} FROM actions a WHERE a.status = 'done'"
        " AND a.completed_on >= :start AND a.completed_on <= :end AND " + visible("a") + " GROUP BY 1",
        start=db.day(start),
        end=db.day(end),
        team=OFFICER_TEAM,
        **closed_params,
    )
    return [
        section("Opened", ["Month", "Actions", "Sensitive"], opened),
        section("Closed (done)", ["Month", "Actions", "Sensitive"], closed),
    ]


@floor("report-overdue-actions")
def report_overdue_actions() -> list[Section]:
    rows = db.rows(
        "SELECT t.name, u.id, u.name, count(*),"
        " max(CASE WHEN a.classification = 'official-sensitive' THEN 1 ELSE 0 END)"
        " FROM actions a JOIN users u ON u.id = COALESCE(a.owner_user_id, a.chaser_id)"
        " LEFT JOIN teams t ON t.id = u.team_id"
        " WHERE a.status IN :outstanding AND a.due_on < :today AND "
        + visible("a")
        + " GROUP BY t.id, t.name, u.id, u.name"
        " ORDER BY t.name IS NULL, t.name, u.name, u.id",
        outstanding=OUTSTANDING,
        today=db.day(london_today()),
        team=OFFICER_TEAM,
    )
    return [
        section(
            "Overdue actions by team and officer", ["Team", "Id", "Officer", "Overdue", "Sensitive"], rows
        )
    ]


@floor("report-quiet-relationships")
def report_quiet_relationships() -> list[Section]:
    """Organisations in scope with no engagement in 90 days: counts by sector, then the list.

    SQLite: NOT EXISTS a recent engagement per organisation (index lookups), then the last engagement
    of the quiet ones only. PostgreSQL: one hash aggregate of every organisation's last engagement
    (measured twice as fast there as the per-organisation lookups), counted and filtered here."""
    today = london_today()
    params = {
        "cutoff": db.timestamp(london_midnight(today - timedelta(days=90))),
        "now_ends": db.timestamp(london_midnight(today + timedelta(days=1))),
        "team": OFFICER_TEAM,
    }
    in_scope = "o.archived_at IS NULL AND o.relationship_status <> 'closed'"
    headings = [
        section("Gone quiet, by sector", ["Sector", "Organisations", "Gone quiet"], []),
        section("The organisations gone quiet", ["Organisation", "Sector", "Last engagement"], []),
    ]
    if db.dialect == "postgresql":
        rows = db.rows(
            "SELECT o.name, o.sector, l.last_at, l.last_at IS NULL OR l.last_at < :cutoff AS quiet"
            " FROM organisations o LEFT JOIN (SELECT eo.organisation_id, max(e.starts_at) AS last_at"
            " FROM engagement_organisations eo JOIN engagements e ON e.id = eo.engagement_id"
            " WHERE e.starts_at < :now_ends AND " + visible("e") + " GROUP BY eo.organisation_id) l"
            f" ON l.organisation_id = o.id WHERE {in_scope} ORDER BY o.sector, lower(o.name), o.id",
            **params,
        )
        counts: dict[str, list[int]] = {}
        for _name, sector, _last_at, quiet in rows:
            counts.setdefault(sector, [0, 0])
            counts[sector][0] += 1
            counts[sector][1] += int(quiet)
        headings[0]["rows"] = [(sector, total, quiet) for sector, (total, quiet) in counts.items()]
        headings[1]["rows"] = [row[:3] for row in rows if row[3]]
        return headings
    contact = (
        "SELECT 1 FROM engagement_organisations eo JOIN engagements e ON e.id = eo.engagement_id"
        " WHERE eo.organisation_id = o.id AND e.starts_at >= :cutoff AND e.starts_at < :now_ends AND "
        + visible("e")
    )
    headings[0]["rows"] = db.rows(
        f"SELECT o.sector, count(*), sum(CASE WHEN NOT EXISTS ({contact}) THEN 1 ELSE 0 END)"
        f" FROM organisations o WHERE {in_scope} GROUP BY o.sector",
        **params,
    )
    last_at = (
        "(SELECT max(e.starts_at) FROM engagement_organisations eo"
        " JOIN engagements e ON e.id = eo.engagement_id"
        " WHERE eo.organisation_id = o.id AND e.starts_at < :now_ends AND " + visible("e") + ")"
    )
    headings[1]["rows"] = db.rows(
        f"SELECT o.name, o.sector, {last_at} FROM organisations o WHERE {in_scope} AND NOT EXISTS ({contact})"
        " ORDER BY o.sector, lower(o.name), o.id",
        **params,
    )
    return headings


STATUS_RANK = {
    "declined": 0,
    "not-engaged": 1,
    "in-discussion": 2,
    "committed": 3,
    "in-progress": 4,
    "delivered": 5,
}


@floor("report-scorecard-movement")
def report_scorecard_movement() -> list[Section]:
    """Per ask, technology companies whose cell ended above or below where it started in 12 months."""
    today = london_today()
    start = add_months(today, -12)
    changed_to = db.json_text("changes", "status", 1)
    rows = db.rows(
        "WITH per_cell AS ("
        " SELECT entity_id AS commitment_id, min(id) AS first_id, max(id) AS last_id FROM audit_events"
        " WHERE entity_type = 'Commitment' AND event IN ('create', 'update')"
        " AND occurred_at >= :starts AND occurred_at < :ends"
        f" AND (event = 'create' OR {changed_to} IS NOT NULL) GROUP BY entity_id)"
        " SELECT c.ask_id, f.event, "
        + db.json_text("f.changes", "status", 0)
        + ", l.event, "
        + db.json_text("l.changes", "status")
        + ", "
        + db.json_text("l.changes", "status", 1)
        + " FROM per_cell p JOIN audit_events f ON f.id = p.first_id JOIN audit_events l ON l.id = p.last_id"
        " JOIN commitments c ON c.id = p.commitment_id JOIN asks k ON k.id = c.ask_id"
        " JOIN organisations o ON o.id = c.organisation_id"
        " WHERE k.framework_id = :framework AND o.sector = 'technology' AND o.archived_at IS NULL",
        starts=db.timestamp(london_midnight(start)),
        ends=db.timestamp(london_midnight(today + timedelta(days=1))),
        framework=FIVE_ASKS,
    )
    asks = db.rows(
        "SELECT id, position, title FROM asks WHERE framework_id = :framework ORDER BY position",
        framework=FIVE_ASKS,
    )
    moves: dict[tuple[int, str], int] = {}
    for ask_id, first_event, before, last_event, created, after in rows:
        before = "not-engaged" if first_event == "create" else before
        after = created if last_event == "create" else after
        rank_before, rank_after = STATUS_RANK.get(before, 1), STATUS_RANK.get(after, 1)
        direction = "up" if rank_after > rank_before else "down" if rank_after < rank_before else "same"
        moves[(ask_id, direction)] = moves.get((ask_id, direction), 0) + 1
    table = [
        (f"Ask {position}: {title}", *(moves.get((ask_id, d), 0) for d in ("up", "down", "same")))
        for ask_id, position, title in asks
    ]
    return [
        section("Scorecard movement", ["Ask", "Moved up", "Moved down", "Back where they started"], table)
    ]


# --- Global search -----------------------------------------------------------------------------


@floor("global-search")
def global_search() -> list[Section]:
    """The four groups of the product's global search, ten rows each with the total that matched:
    organisations (the search index, as the prefix floor), people (name, email, job title or
    organisation containing the word), engagements (title or summary) and actions (title or
    description) the officer may read. People, engagements and actions are LIKE matches, narrowed
    by the product's trigram tables on SQLite (PostgreSQL's pg_trgm indexes serve the LIKEs)."""
    word = _word(request.args.get("q", "kestrel"))
    contains = f"%{word}%"
    if has_search_index():
        if db.dialect == "sqlite":
            found = "o.id IN (SELECT rowid FROM organisation_search WHERE organisation_search MATCH :match)"
            match = f'"{word}"*'
        else:
            found = (
                "o.id IN (SELECT organisation_id FROM search.organisation_documents"
                " WHERE document @@ to_tsquery('simple', :match))"
            )
            match = f"'{word}':*"
        organisations = db.rows(
            "SELECT o.id, o.name, o.sector, count(*) OVER () FROM organisations o"
            f" WHERE o.archived_at IS NULL AND {found} ORDER BY lower(o.name), o.id LIMIT 10",
            match=match,
        )
    else:
        patterns = _word_prefix_patterns(word)
        organisations = db.rows(
            "SELECT o.id, o.name, o.sector, count(*) OVER () FROM organisations o"
            " WHERE o.archived_at IS NULL AND "
            + _name_matches("o.name", patterns)
            + " ORDER BY lower(o.name), o.id LIMIT 10",
            **{f"p{n}": pattern for n, pattern in enumerate(patterns)},
        )
    people = db.rows(
        "SELECT p.id, p.name, p.job_title, o.name, count(*) OVER () FROM people p"
        " LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.erased_at IS NULL AND"
        " ((" + trigram_filter("p", "people") + "(lower(p.name) LIKE :w OR lower(p.email) LIKE :w"
        "  OR lower(p.job_title) LIKE :w))"
        "  OR p.organisation_id IN (SELECT id FROM organisations WHERE lower(name) LIKE :w))"
        " ORDER BY lower(p.name), p.id LIMIT 10",
        w=contains,
        trgm=f'"{word}"',
    )
    engagements = db.rows(
        "SELECT e.id, e.title, e.starts_at, count(*) OVER () FROM engagements e"
        " WHERE "
        + trigram_filter("e", "engagements")
        + "(lower(e.title) LIKE :w OR lower(e.summary) LIKE :w) AND "
        + visible("e")
        + " ORDER BY CASE WHEN lower(e.title) LIKE :w THEN 0 ELSE 1 END, e.starts_at DESC, e.id DESC"
        " LIMIT 10",
        w=contains,
        trgm=f'"{word}"',
        team=OFFICER_TEAM,
    )
    actions = db.rows(
        "SELECT a.id, a.title, a.status, a.due_on, count(*) OVER () FROM actions a"
        " WHERE "
        + trigram_filter("a", "actions")
        + "(lower(a.title) LIKE :w OR lower(a.description) LIKE :w) AND "
        + visible("a")
        + " ORDER BY CASE WHEN lower(a.title) LIKE :w THEN 0 ELSE 1 END,"
        " CASE WHEN a.status IN :outstanding THEN 0 ELSE 1 END, a.due_on IS NULL, a.due_on, a.id DESC"
        " LIMIT 10",
        w=contains,
        trgm=f'"{word}"',
        team=OFFICER_TEAM,
        outstanding=OUTSTANDING,
    )
    return [
        section("Organisations", ["Id", "Name", "Sector", "Total"], organisations),
        section("People", ["Id", "Name", "Job title", "Organisation", "Total"], people),
        section("Contacts", ["Id", "Title", "When", "Total"], engagements),
        section("Actions", ["Id", "Title", "Status", "Due", "Total"], actions),
    ]


# --- Log a contact (POST) ----------------------------------------------------------------------


@app.post("/log-contact")
def log_contact() -> Response:
    """An engagement with two organisations, the officer, and two follow-up actions, in one transaction."""
    title = request.form.get("title", "Bench floor contact")
    now = db.timestamp(datetime.now(UTC))
    due = db.day(london_today() + timedelta(days=14))
    organisations = [int(value) for value in request.form.getlist("organisation")]
    db.begin()
    try:
        engagement_id = db.scalar(
            "INSERT INTO engagements (kind, starts_at, title, summary, classification, created_by_id,"
            " version, created_at, updated_at) VALUES ('meeting', :now, :title, 'Floor benchmark.',"
            " 'official', :me, 1, :now, :now) RETURNING id",
            now=now,
            title=title,
            me=OFFICER,
        )
        for organisation in organisations:
            db.execute(
                "INSERT INTO engagement_organisations (engagement_id, organisation_id) VALUES (:e, :o)",
                e=engagement_id,
                o=organisation,
            )
        db.execute(
            "INSERT INTO engagement_officers (engagement_id, user_id) VALUES (:e, :me)",
            e=engagement_id,
            me=OFFICER,
        )
        for number in (1, 2):
            action_id = db.scalar(
                "INSERT INTO actions (title, description, status, priority, due_on, owner_user_id,"
                " engagement_id, classification, completion_note, created_by_id, version, created_at,"
                " updated_at)"
                " VALUES (:title, '', 'open', 'medium', :due, :me, :e, 'official', '', :me, 1, :now, :now)"
                " RETURNING id",
                title=f"Bench floor action {number} of {title}",
                due=due,
                me=OFFICER,
                e=engagement_id,
                now=now,
            )
            if organisations:
                db.execute(
                    "INSERT INTO action_organisations (action_id, organisation_id) VALUES (:a, :o)",
                    a=action_id,
                    o=organisations[0],
                )
        db.commit()
    except Exception:
        db.rollback()
        raise
    return redirect(f"/engagements/{engagement_id}", code=303)


# --- Serving -----------------------------------------------------------------------------------


@app.get("/healthz")
def healthz() -> str:
    db.scalar("SELECT 1")
    return "ok"


@app.get("/layout-only")
def layout_only() -> tuple[str, int]:
    """The diagnostic row's floor: the same template with no data, answered as a 404 like the product's."""
    return render_template("floor.html", title="Page not found", sections=[]), 404


@app.get("/<name>")
def page(name: str) -> str | tuple[str, int]:
    view = FLOORS.get(name)
    if view is None:
        return "No such floor", 404
    return render_template("floor.html", title=name, sections=view())


@app.before_request
def _reset_count() -> None:
    db.statements = 0


@app.after_request
def _count_header(response: Response) -> Response:
    response.headers["X-SQL-Statements"] = str(db.statements)
    return response
