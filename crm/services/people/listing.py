"""The people list: search, filters, sort and one page of rows, all in the database.

Search matches part of a name, email address, job title or the name of the person's current
organisation, case-insensitively (the person's own columns through crm.services.text_search's
trigram indexes; the organisation's name with `lower(name) LIKE pattern`, `%` and `_` escaped so
they match themselves: there are far fewer organisations than people). Every word of the query
must match one of those columns. Names that start with the query come first. The list can also be
narrowed to one organisation (`?organisation=<id>`, the link from an organisation's page) or to
organisations whose name contains some text (a text box, not a list of every organisation: there
are thousands).

The search conditions are shaped so that the trigram indexes on people's names, emails and job
titles (pg_trgm, migration 0005; FTS5, migration 0007) answer the count and the page instead of two
scans of every person. (A window count, `count(*) OVER ()`, would save one of the two for a narrow
search but doubles the time of a broad one, such as "a", so the list keeps the shared COUNT-then-page
helper.)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, any_, case, cast, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import contains_eager

from crm.extensions import db
from crm.models import Organisation, Person, Sector
from crm.services import text_search
from crm.services.pagination import Page, paginate
from crm.services.query_text import clean_query
from crm.services.text_search import LIKE_ESCAPE, like_pattern

MAX_WORDS = 8


class Sort(enum.StrEnum):
    """The orders the list offers (the value is the `sort` query argument)."""

    RELEVANCE = "relevance"
    NAME = "name"
    ORGANISATION = "organisation"
    RECENT = "recent"

    @property
    def label(self) -> str:
        return {
            "relevance": "Best match",
            "name": "Name (A to Z)",
            "organisation": "Organisation (A to Z)",
            "recent": "Recently added",
        }[self.value]


class Erased(enum.StrEnum):
    """Whether people whose personal data was erased are listed (hidden unless asked for)."""

    HIDE = ""
    INCLUDE = "include"
    ONLY = "only"

    @property
    def label(self) -> str:
        return {"": "Hide erased people", "include": "Include erased people", "only": "Erased people only"}[
            self.value
        ]


@dataclass(frozen=True)
class SearchTerms:
    """The `q` argument made safe: the whole text, its words, or why it cannot be searched."""

    text: str = ""
    words: tuple[str, ...] = ()
    problem: str = ""

    @property
    def searchable(self) -> bool:
        return bool(self.words) and not self.problem


def parse_query(raw: str | None) -> SearchTerms:
    """The query cleaned (crm.services.query_text) and split into words."""
    text, problem = clean_query(raw)
    if not text or problem:
        return SearchTerms(text=text, problem=problem)
    return SearchTerms(text=text, words=tuple(dict.fromkeys(text.split()))[:MAX_WORDS])


def _like(column: Any, pattern: str) -> ColumnElement[bool]:
    return func.lower(column).like(pattern, escape=LIKE_ESCAPE)


@dataclass(frozen=True)
class PeopleFilters:
    """What the officer asked the list for, already checked against the allowlists."""

    terms: SearchTerms = SearchTerms()
    organisation_id: int | None = None
    organisation_name: str = ""
    sectors: tuple[Sector, ...] = ()
    erased: Erased = Erased.HIDE
    sort: Sort | None = None

    @property
    def effective_sort(self) -> Sort:
        """Best match when searching, else by name; best match means nothing without a search."""
        if self.sort is None or (self.sort == Sort.RELEVANCE and not self.terms.searchable):
            return Sort.RELEVANCE if self.terms.searchable else Sort.NAME
        return self.sort


@dataclass(frozen=True)
class OrganisationOption:
    """The organisation the list is filtered to."""

    id: int
    name: str


def find_organisation_option(organisation_id: int) -> OrganisationOption | None:
    """The organisation with this id (archived or not, with people or not), or None (one query)."""
    row = db.session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id == organisation_id)
    ).first()
    return None if row is None else OrganisationOption(id=row.id, name=row.name)


def list_people(*, filters: PeopleFilters, number: int, per_page: int) -> Page[Person]:
    """One page of the people matching the filters, in the chosen order, each with its organisation.

    Two queries whatever the data: the count and the page (the organisation comes in the same join).
    """
    if filters.terms.problem:
        return Page(items=[], number=1, per_page=per_page, total=0)
    conditions = _conditions(filters)
    stmt = (
        select(Person)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .options(contains_eager(Person.organisation))
        .where(*conditions)
        .order_by(*_ordering(filters))
    )
    # The count needs the organisation only to filter by sector.
    counted = select(Person.id).where(*conditions)
    if filters.sectors:
        counted = counted.outerjoin(Organisation, Person.organisation_id == Organisation.id)
    return paginate(stmt, number=number, per_page=per_page, count_from=counted)


def _at_organisation_named(text: str) -> ColumnElement[bool]:
    """People whose current organisation's name contains the (lower-case) text.

    Matched by organisation id rather than the joined name so that PostgreSQL can answer a whole
    search from indexes: `organisation_id = ANY(CAST((SELECT array_agg(id) ...) AS INTEGER[]))` is
    worked out once and uses the organisation_id index, beside the pg_trgm indexes for the other
    columns (a condition on the joined table means reading every person). SQLite has no arrays; IN
    (subquery) serves.
    """
    named = text_search.organisation_name_contains(text)
    if db.session.get_bind().dialect.name == "postgresql":
        # The cast makes it an array expression: `= ANY (SELECT ...)` would compare with each row.
        ids = cast(select(func.array_agg(Organisation.id)).where(named).scalar_subquery(), ARRAY(Integer))
        return Person.organisation_id == any_(ids)
    return Person.organisation_id.in_(select(Organisation.id).where(named))


def _conditions(filters: PeopleFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for word in filters.terms.words:
        conditions.append(or_(text_search.any_column_contains(Person, word), _at_organisation_named(word)))
    if filters.organisation_id is not None:
        conditions.append(Person.organisation_id == filters.organisation_id)
    if filters.organisation_name:
        conditions.append(_at_organisation_named(filters.organisation_name))
    if filters.sectors:
        conditions.append(Organisation.sector.in_(filters.sectors))
    if filters.erased == Erased.HIDE:
        conditions.append(Person.erased_at.is_(None))
    elif filters.erased == Erased.ONLY:
        conditions.append(Person.erased_at.is_not(None))
    return conditions


def _relevance(terms: SearchTerms) -> Any:
    """0: the name is the query; 1: the name starts with it; 2: a word of the name, or the email,
    job title or organisation starts with it; 3: anything else that matched."""
    starts = like_pattern(terms.text, starts=True)
    word_starts = "% " + starts
    return case(
        (func.lower(Person.name) == terms.text, 0),
        (_like(Person.name, starts), 1),
        (
            or_(
                _like(Person.name, word_starts),
                _like(Person.email, starts),
                _like(Person.job_title, starts),
                _like(Organisation.name, starts),
            ),
            2,
        ),
        else_=3,
    )


def _ordering(filters: PeopleFilters) -> list[Any]:
    by_name = [func.lower(Person.name), Person.id]
    sort = filters.effective_sort
    if sort == Sort.RELEVANCE:
        return [_relevance(filters.terms), *by_name]
    if sort == Sort.ORGANISATION:
        return [func.lower(Organisation.name).asc().nulls_last(), *by_name]
    if sort == Sort.RECENT:
        return [Person.created_at.desc(), Person.id.desc()]
    return by_name
