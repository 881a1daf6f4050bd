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

A fixed number of queries whatever the data, at most 12: organisations up to 6 (typo candidates:
none to three, by database and words; the ranked group with its total in one query; its other
names and tags), people 2 (count, rows), engagements 2 and actions 2 (rows with their total, the
organisations they name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import OUTSTANDING_STATUSES, Action, Engagement, Organisation, Person, User
from crm.services.access import visible
from crm.services.organisations import search as organisation_search
from crm.services.people import listing as people_listing

GROUP_LIMIT = 10
MAX_QUERY_LENGTH = 200
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
    # Control and invisible format characters (NUL included, which PostgreSQL refuses) are spaces.
    cleaned = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw or "")
    text = " ".join(cleaned.split()).lower()
    if not text:
        return Query()
    if len(text) > MAX_QUERY_LENGTH:
        return Query(
            text=text[:MAX_QUERY_LENGTH], problem=f"Search for {MAX_QUERY_LENGTH} characters or fewer"
        )
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
    """The first records of one kind that matched, and how many matched in all."""

    items: list[T] = field(default_factory=list)
    total: int = 0

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


def search_everything(*, query: Query, user: User, limit: int = GROUP_LIMIT) -> SearchResults:
    """The matches the user may see in each group (empty groups when the query is not searchable)."""
    if not query.searchable:
        return SearchResults(Group(), Group(), Group(), Group())
    return SearchResults(
        organisations=search_organisations(query=query, limit=limit),
        people=search_people(query=query, limit=limit),
        engagements=search_engagements(query=query, user=user, limit=limit),
        actions=search_actions(query=query, user=user, limit=limit),
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
    """People (not erased) matching the query, as the people list finds and orders them."""
    filters = people_listing.PeopleFilters(
        terms=people_listing.SearchTerms(text=query.text, words=query.words),
        erased=people_listing.Erased.HIDE,
    )
    page = people_listing.list_people(filters=filters, number=1, per_page=limit)
    return Group(items=page.items, total=page.total)


def search_engagements(*, query: Query, user: User, limit: int = GROUP_LIMIT) -> Group[Engagement]:
    """Engagements the user may read with every word in the title or summary; title matches
    first, then newest first."""
    stmt = (
        select(Engagement, func.count().over().label("total"))
        .where(*_every_word_in(query.words, Engagement.title, Engagement.summary))
        .options(selectinload(Engagement.organisations))
        .order_by(
            _title_first(query.words, Engagement.title), Engagement.starts_at.desc(), Engagement.id.desc()
        )
        .limit(limit)
    )
    return _group(visible(stmt, Engagement, user))


def search_actions(*, query: Query, user: User, limit: int = GROUP_LIMIT) -> Group[Action]:
    """Actions the user may read with every word in the title or description; title matches first,
    then outstanding before finished, soonest due first."""
    outstanding_first = case((Action.status.in_(OUTSTANDING_STATUSES), 0), else_=1)
    stmt = (
        select(Action, func.count().over().label("total"))
        .where(*_every_word_in(query.words, Action.title, Action.description))
        .options(selectinload(Action.organisations))
        .order_by(
            _title_first(query.words, Action.title),
            outstanding_first,
            Action.due_on.asc().nulls_last(),
            Action.id.desc(),
        )
        .limit(limit)
    )
    return _group(visible(stmt, Action, user))


def _group(stmt: Select[*tuple[Any, ...]]) -> Group[Any]:
    """Run a SELECT of (record, COUNT(*) OVER ()) limited to a group: the window counts every
    match before LIMIT applies, so the total comes with the rows in one query."""
    rows = db.session.execute(stmt).all()
    return Group(items=[row[0] for row in rows], total=int(rows[0][1]) if rows else 0)


def _contains(column: Any, word: str) -> ColumnElement[bool]:
    return func.lower(column).like(people_listing.like_pattern(word), escape=people_listing.LIKE_ESCAPE)


def _every_word_in(words: tuple[str, ...], *columns: Any) -> list[ColumnElement[bool]]:
    return [or_(*(_contains(column, word) for column in columns)) for word in words]


def _title_first(words: tuple[str, ...], title: Any) -> Any:
    return case((and_(*(_contains(title, word) for word in words)), 0), else_=1)
