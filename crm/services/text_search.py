"""Records whose text contains a word, case-insensitively, found through an index where one serves.

People (name, email, job title), contacts (title, summary) and actions (title, description) are
searched for words that may appear anywhere in a value ("okaf" finds "Okafor"), which no ordinary
index can answer. Each database has a trigram index for it:
- SQLite: the FTS5 trigram tables of migration 0007 (search_trgm_<table>, kept by triggers). A word
  of three or more characters is a quoted FTS5 phrase, which matches it as a substring of any
  indexed column; shorter words cannot be indexed by trigrams and are matched with LIKE.
- PostgreSQL: lower(column) LIKE '%word%', answered by the pg_trgm indexes of migration 0005.
Organisation names (organisation_name_contains) have their own: SQLite's organisation_search_trigram
(migration 0002, names and other names) and PostgreSQL's search_trgm_organisations_name (0011).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, literal_column, or_, select, table

from crm.extensions import db
from crm.models import Action, Engagement, Organisation, Person

LIKE_ESCAPE = "\\"
# The names of the trigram indexes: PostgreSQL's indexes (migration 0005), SQLite's FTS5 tables (0007).
TRIGRAM_PREFIX = "search_trgm_"
# The shortest word a trigram index can find (one trigram).
MIN_INDEXED_LENGTH = 3

# Each model's text columns, as its search_trgm_* table indexes them (migration 0007).
INDEXED_COLUMNS: dict[type, tuple[str, ...]] = {
    Person: ("name", "email", "job_title"),
    Engagement: ("title", "summary"),
    Action: ("title", "description"),
}


def like_pattern(text: str, *, starts: bool = False) -> str:
    """A LIKE pattern matching text literally: anywhere, or at the start when starts is True."""
    escaped = (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"{escaped}%" if starts else f"%{escaped}%"


def contains(column: Any, word: str) -> ColumnElement[bool]:
    """The column holds the (lower-case) word, case-insensitively: one column, one LIKE.

    SQLite's LIKE already ignores the case of ASCII letters and its lower() changes nothing else, so
    lower() there would only cost time; PostgreSQL's LIKE is case-sensitive, so it compares
    lower(column), the expression its trigram indexes are built on.
    """
    pattern = like_pattern(word)
    if _on_sqlite():
        return column.like(pattern, escape=LIKE_ESCAPE)
    return func.lower(column).like(pattern, escape=LIKE_ESCAPE)


# SQLite's trigram index of organisation names and other names (migration 0002).
ORGANISATION_NAMES_TRIGRAMS = "organisation_search_trigram"


def organisation_name_contains(word: str) -> ColumnElement[bool]:
    """The organisation's name holds the (lower-case) word.

    On SQLite a word of three or more characters is looked up in the organisation search's trigram
    table first (it holds other names too, so each name found is then checked), rather than reading
    every organisation's name: about 2 ms at medium size and ten times that at large, in each
    statement that asks (the people search asks twice).
    """
    named = contains(Organisation.name, word)
    if _on_sqlite() and len(word) >= MIN_INDEXED_LENGTH:
        return and_(Organisation.id.in_(_trigram_rows(ORGANISATION_NAMES_TRIGRAMS, [word])), named)
    return named


def any_column_contains(model: type, word: str) -> ColumnElement[bool]:
    """One of the model's indexed text columns holds the word."""
    return and_(*every_word_in(model, (word,)))


def every_word_in(model: type, words: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """Conditions (to AND) that each word is in one of the model's indexed text columns.

    On SQLite the indexable words make one FTS5 query (its AND applies each phrase to any column,
    as the LIKEs would); the others, and every word on PostgreSQL, are a LIKE per column.
    """
    indexed = [word for word in words if len(word) >= MIN_INDEXED_LENGTH] if _on_sqlite() else []
    columns = [getattr(model, name) for name in INDEXED_COLUMNS[model]]
    scanned = [word for word in words if word not in indexed]
    conditions = [or_(*(contains(column, word) for column in columns)) for word in scanned]
    if indexed:
        matches = _trigram_rows(trigram_table(model), indexed)
        conditions.insert(0, model.id.in_(matches))  # type: ignore[attr-defined]
    return conditions


def trigram_table(model: type) -> str:
    """The SQLite FTS5 trigram table of a model in INDEXED_COLUMNS."""
    return TRIGRAM_PREFIX + model.__tablename__  # type: ignore[attr-defined]


def _trigram_rows(name: str, words: list[str]) -> Any:
    """SELECT rowid FROM <name> WHERE <name> MATCH '"w1" AND "w2"' (an FTS5 trigram table)."""
    phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    return (
        select(literal_column("rowid"))
        .select_from(table(name))
        .where(literal_column(name).op("MATCH")(bindparam(None, phrases)))
    )


def _on_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"
