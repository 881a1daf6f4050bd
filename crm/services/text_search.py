"""Records whose text contains a word, case-insensitively, found through an index where one serves.

People (name, email, job title), contacts (title, summary) and actions (title, description) are
searched for words that may appear anywhere in a value ("okaf" finds "Okafor"), which no ordinary
index can answer. Each database has a trigram index for it:
- SQLite: the FTS5 trigram tables of migration 0007 (search_trgm_<table>, kept by triggers). A word
  of three or more characters is a quoted FTS5 phrase, which matches it as a substring of any
  indexed column; shorter words cannot be indexed by trigrams and are matched with LIKE.
- PostgreSQL: lower(column) LIKE '%word%', answered by the pg_trgm indexes of migration 0005.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, literal_column, or_, select, table

from crm.extensions import db
from crm.models import Action, Engagement, Person

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
        conditions.insert(0, model.id.in_(_trigram_matches(model, indexed)))  # type: ignore[attr-defined]
    return conditions


def trigram_table(model: type) -> str:
    """The SQLite FTS5 trigram table of a model in INDEXED_COLUMNS."""
    return TRIGRAM_PREFIX + model.__tablename__  # type: ignore[attr-defined]


def _trigram_matches(model: type, words: list[str]) -> Any:
    """SELECT rowid FROM search_trgm_<table> WHERE search_trgm_<table> MATCH '"w1" AND "w2"'."""
    name = trigram_table(model)
    phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    return (
        select(literal_column("rowid"))
        .select_from(table(name))
        .where(literal_column(name).op("MATCH")(bindparam(None, phrases)))
    )


def _on_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"
