"""Global search: organisations, people, contacts (engagements) and actions matching one query.

Each group is at most `limit` records, best first, with the total that matched. The groups reuse
the lists' own searches, so a "see all" link to a list shows the same records:
- organisations: the organisation search (full text, prefix and one-typo matching, ranked), current
  organisations only, as the organisations list shows by default;
- people: the people list's search (part of a name, email, job title or organisation), erased
  people left out, as the people list does by default;
- engagements (title and summary) and actions (title and description): every word of the query
  must appear, case-insensitively, in one of the two; only records the user may read
  (crm.services.access), so an OFFICIAL-SENSITIVE record of another team is neither shown nor
  counted.

People, engagements and actions are found through trigram indexes of their text
(crm.services.text_search: any part of a word, not just its start), and their totals are counted only
up to TOTAL_CAP ("100 or more"): a common word matches most rows, and each group is one statement
that finds the matches once, keeps their ids and sort keys (a materialised CTE), sorts the first few
out of them and counts at most TOTAL_CAP of them. Organisations are found through their
full-text index and counted exactly.

A fixed number of queries whatever the data, at most 10 (so at most 12 for the page): organisations
up to 6 (typo candidates: none to three, by database and words; the ranked group with its total in
one query; its other names and tags), people 1, engagements 1, actions 1 (rows with their capped
total), and 1 for the names of the organisations the engagements and actions shown name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, case, func, literal, select, union_all
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.sql.selectable import Subquery

from crm.extensions import db
from crm.models import (
    OUTSTANDING_STATUSES,
    Action,
    Engagement,
    Organisation,
    Person,
    User,
    action_organisations,
    engagement_organisations,
)
from crm.services import text_search
from crm.services.access import visible
from crm.services.organisations import search as organisation_search
from crm.services.people import listing as people_listing
from crm.services.query_text import clean_query

GROUP_LIMIT = 10
# Matches of a scanned group are counted up to this many ("100 or more").
TOTAL_CAP = 100
T = TypeVar("T")
# Quotes, brackets, operators and sentence punctuation: not part of a word typed next to them.
_EDGE_CHARACTERS = "\"'\u201c\u201d\u2018\u2019()*^+\\-:,.;!?"
_EDGE_PUNCTUATION = re.compile(f"^[{_EDGE_CHARACTERS}]+|[{_EDGE_CHARACTERS}]+$")


@dataclass(frozen=True)
class Query:
    """The q argument made safe, in the two forms the groups search with.

    words: the whitespace-separated words, lower case, without quotes, brackets or operators at
    either end (people, engagements and actions match each one anywhere; a "see all" link to the
    people list passes them as its q, so the list finds the same people). name_words: only letters
    and digits (the organisation search matches each one at the start of a word, so FTS operators
    never reach the database as syntax). problem: why nothing can be searched.
    """

    text: str = ""
    words: tuple[str, ...] = ()
    name_words: tuple[str, ...] = ()
    problem: str = ""

    @property
    def given(self) -> bool:
        """Something was typed (even if it cannot be searched)."""
        return bool(self.text or self.problem)

    @property
    def searchable(self) -> bool:
        return bool(self.words) and not self.problem

    @property
    def people_list_q(self) -> str:
        """The q for the people list that finds the same people as this search."""
        return " ".join(self.words)


def parse_query(raw: str | None) -> Query:
    """Read the q argument: at most MAX_QUERY_LENGTH characters, with a letter or digit in it."""
    text, problem = clean_query(raw)
    if not text or problem:
        return Query(text=text, problem=problem)
    organisation_terms = organisation_search.parse_query(text)
    if organisation_terms.problem:
        # Nothing but punctuation and symbols ("*", '"', ":"...): there is nothing to look for.
        return Query(text=text, problem=organisation_terms.problem)
    # Quotes and other operator characters around a word ('"kestrel', 'social"', '-spam') are not
    # part of what is sought; inside a word ("o'brien", "a@b.org") they are.
    words = (_EDGE_PUNCTUATION.sub("", word) for word in text.split())
    return Query(
        text=text,
        words=tuple(dict.fromkeys(word for word in words if word))[: people_listing.MAX_WORDS],
        name_words=organisation_terms.words,
    )


@dataclass(frozen=True)
class Group(Generic[T]):
    """The first records of one kind that matched, and how many matched in all.

    capped: the count stopped at total (TOTAL_CAP), so at least that many matched.
    organisation_names: for engagements and actions, the names of the organisations each record
    shown names, by record id, in name order.
    """

    items: list[T] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    organisation_names: dict[int, list[str]] = field(default_factory=dict)

    @property
    def more(self) -> bool:
        """Some matches are not shown."""
        return self.total > len(self.items)


@dataclass(frozen=True)
class SearchResults:
    """Every group's matches for one query."""

    organisations: Group[Organisation]
    people: Group[Person]
    engagements: Group[Engagement]
    actions: Group[Action]

    @property
    def total(self) -> int:
        return self.organisations.total + self.people.total + self.engagements.total + self.actions.total

    @property
    def capped(self) -> bool:
        """At least one group's count stopped at TOTAL_CAP, so total is a lower bound."""
        groups = (self.organisations, self.people, self.engagements, self.actions)
        return any(group.capped for group in groups)


def search_everything(*, query: Query, user: User, limit: int = GROUP_LIMIT) -> SearchResults:
    """The matches the user may see in each group (empty groups when the query is not searchable)."""
    if not query.searchable:
        return SearchResults(Group(), Group(), Group(), Group())
    organisations = search_organisations(query=query, limit=limit)
    people = search_people(query=query, limit=limit)
    engagements = search_engagements(query=query, user=user, limit=limit)
    actions = search_actions(query=query, user=user, limit=limit)
    engagement_names, action_names = organisation_names(
        engagement_ids=[engagement.id for engagement in engagements.items],
        action_ids=[action.id for action in actions.items],
    )
    return SearchResults(
        organisations=organisations,
        people=people,
        engagements=replace(engagements, organisation_names=engagement_names),
        actions=replace(actions, organisation_names=action_names),
    )


def search_organisations(*, query: Query, limit: int = GROUP_LIMIT) -> Group[Organisation]:
    """Current organisations matching the query, ranked as the organisations list ranks them."""
    terms = organisation_search.SearchTerms(text=query.text, words=query.name_words)
    if not terms.searchable:
        return Group()
    plan = organisation_search.plan_search(terms)
    stmt = (
        plan.join(select(Organisation))
        .add_columns(func.count().over().label("total"))
        .where(Organisation.archived_at.is_(None))
        .options(selectinload(Organisation.aliases), selectinload(Organisation.tags))
        .order_by(*plan.relevance())
        .limit(limit)
    )
    return _group(stmt)


def search_people(*, query: Query, limit: int = GROUP_LIMIT) -> Group[Person]:
    """People (not erased) matching the query, found and ordered by the people list's own conditions
    and order (so its "see all" page shows the same people), each with their organisation. One
    statement; the total is capped."""
    filters = people_listing.PeopleFilters(
        terms=people_listing.SearchTerms(text=query.text, words=query.words),
        erased=people_listing.Erased.HIDE,
    )
    keys = people_listing._ordering(filters)
    names = [f"key_{index}" for index in range(len(keys))]
    matched = (
        select(Person.id.label("id"), *(key.label(name) for key, name in zip(keys, names, strict=True)))
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .where(*people_listing._conditions(filters))
    )

    def order(rows: Any) -> list[Any]:
        return [rows.c[name] for name in names]

    best, total = _best_and_capped_total(matched, order, limit)
    stmt = (
        select(Person, total)
        .join(best, best.c.id == Person.id)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .options(contains_eager(Person.organisation))
        .order_by(*order(best))
    )
    return _capped_group(stmt)


def search_engagements(*, query: Query, user: User, limit: int = GROUP_LIMIT) -> Group[Engagement]:
    """Engagements the user may read with every word in the title or summary; title matches
    first, then newest first. One statement; the total is capped."""
    matched = visible(
        select(
            Engagement.id.label("id"),
            _title_first(query.words, Engagement.title).label("title_first"),
            Engagement.starts_at.label("starts_at"),
        ).where(*text_search.every_word_in(Engagement, query.words)),
        Engagement,
        user,
    )

    def order(rows: Any) -> list[Any]:
        return [rows.c.title_first, rows.c.starts_at.desc(), rows.c.id.desc()]

    best, total = _best_and_capped_total(matched, order, limit)
    stmt = select(Engagement, total).join(best, best.c.id == Engagement.id).order_by(*order(best))
    return _capped_group(stmt)


def search_actions(*, query: Query, user: User, limit: int = GROUP_LIMIT) -> Group[Action]:
    """Actions the user may read with every word in the title or description; title matches first,
    then outstanding before finished, soonest due first. One statement; the total is capped."""
    matched = visible(
        select(
            Action.id.label("id"),
            _title_first(query.words, Action.title).label("title_first"),
            case((Action.status.in_(OUTSTANDING_STATUSES), 0), else_=1).label("outstanding_first"),
            Action.due_on.label("due_on"),
        ).where(*text_search.every_word_in(Action, query.words)),
        Action,
        user,
    )

    def order(rows: Any) -> list[Any]:
        return [
            rows.c.title_first,
            rows.c.outstanding_first,
            rows.c.due_on.asc().nulls_last(),
            rows.c.id.desc(),
        ]

    best, total = _best_and_capped_total(matched, order, limit)
    stmt = select(Action, total).join(best, best.c.id == Action.id).order_by(*order(best))
    return _capped_group(stmt)


def organisation_names(
    *, engagement_ids: list[int], action_ids: list[int]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The names of the organisations each engagement and each action names, by id, in name order
    (as their pages list them): one query for both kinds, none when there are no records."""
    parts = []
    if engagement_ids:
        parts.append(
            select(
                literal("engagement").label("kind"),
                engagement_organisations.c.engagement_id.label("record_id"),
                Organisation.name.label("name"),
            )
            .join(Organisation, Organisation.id == engagement_organisations.c.organisation_id)
            .where(engagement_organisations.c.engagement_id.in_(engagement_ids))
        )
    if action_ids:
        parts.append(
            select(
                literal("action").label("kind"),
                action_organisations.c.action_id.label("record_id"),
                Organisation.name.label("name"),
            )
            .join(Organisation, Organisation.id == action_organisations.c.organisation_id)
            .where(action_organisations.c.action_id.in_(action_ids))
        )
    names: dict[str, dict[int, list[str]]] = {"engagement": {}, "action": {}}
    if parts:
        named = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("named")
        stmt = select(named.c.kind, named.c.record_id, named.c.name).order_by(named.c.name)
        for kind, record_id, name in db.session.execute(stmt):
            names[kind].setdefault(record_id, []).append(name)
    return names["engagement"], names["action"]


def _best_and_capped_total(
    matched: Select[Any], order: Callable[[Any], list[Any]], limit: int
) -> tuple[Subquery, Any]:
    """From matched (a SELECT of the id and sort keys of every match): the `limit` best, as a
    subquery to join the records to, and how many matched, counted up to TOTAL_CAP, as a labelled
    scalar subquery.

    The matches are a materialised CTE, so the text is scanned once for both and only ids and sort
    keys are kept; the count stops at TOTAL_CAP however common the words are.
    """
    found = matched.cte("found").prefix_with("MATERIALIZED")
    best = select(found).order_by(*order(found)).limit(limit).subquery("best")
    counted = select(found.c.id).limit(TOTAL_CAP).subquery("counted")
    total = select(func.count()).select_from(counted).scalar_subquery().label("total")
    return best, total


def _capped_group(stmt: Select[Any]) -> Group[Any]:
    """Run a SELECT of (record, capped total) built with _best_and_capped_total."""
    rows = db.session.execute(stmt).all()
    total = int(rows[0][1]) if rows else 0
    return Group(items=[row[0] for row in rows], total=total, capped=total >= TOTAL_CAP)


def _group(stmt: Select[*tuple[Any, ...]]) -> Group[Any]:
    """Run a SELECT of (record, COUNT(*) OVER ()) limited to a group: the window counts every
    match before LIMIT applies, so the total comes with the rows in one query."""
    rows = db.session.execute(stmt).all()
    return Group(items=[row[0] for row in rows], total=int(rows[0][1]) if rows else 0)


def _title_first(words: tuple[str, ...], title: Any) -> Any:
    return case((and_(*(text_search.contains(title, word) for word in words)), 0), else_=1)
