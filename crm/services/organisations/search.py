"""Finding an organisation from a half-remembered name, in the database.

The index (migration 0002) holds each organisation's name, other names, summary and tags, kept in
step by triggers: FTS5 tables on SQLite (words, and trigrams of names); on PostgreSQL a weighted
tsvector, and a dictionary of name words with a pg_trgm index.

A search is:
1. words: the letters and digits of the query, so FTS operators (`"`, `*`, `:`, `^`, `-`, NEAR,
   parentheses) never reach the database as syntax; every word is quoted and prefix-matched.
2. full-text hits: every word must prefix-match a word of the name, other names, summary or tags.
3. typo candidates: a bounded set of organisations fetched by SQL (SQLite: names sharing trigrams
   with the words, bm25-ranked; PostgreSQL: names holding a dictionary word pg_trgm finds similar
   to a typed word), then rapidfuzz keeps those where every word is within one edit (OSA distance)
   of a word of a name, or starts one.
4. ranking (see relevance()): exact name, then name or other name starting with the query, then
   every word found in the names, then typo matches, then matches in the summary or tags alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import OSA
from sqlalchemy import Float as SqlFloat
from sqlalchemy import (
    Integer,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.selectable import Subquery, TextualSelect

from crm.extensions import db
from crm.models import Organisation
from crm.services.query_text import clean_query
from crm.services.text_search import TRIGRAM_PREFIX

MAX_WORDS = 8
# Typo matching: words shorter than this must match exactly (as a prefix); a typo in a short word
# matches far too much.
MIN_TYPO_WORD = 4
TYPO_CANDIDATES = 100
# PostgreSQL: dictionary words considered as corrections of each typed word (and its variants).
CORRECTIONS_PER_WORD = 10
# Up to this length, one edit can break every trigram of a word.
SHORT_WORD = 6
MAX_TYPO_MATCHES = TYPO_CANDIDATES
# Letters and digits only (no underscore): what both databases' tokenizers treat as a word.
WORD = re.compile(r"[^\W_]+")
# Tables the migrations own but the models do not describe (SQLite FTS5 and its shadow tables).
SEARCH_INDEX_TABLE_PREFIX = "organisation_search"


def include_name(name: str | None, type_: str, _parent_names: Any = None) -> bool:
    """Alembic `include_name` hook: autogenerate should not propose dropping the search indexes.

    PostgreSQL keeps the organisation index in the `search` schema, which autogenerate never looks
    at; SQLite has no schemas, so its FTS5 tables are recognised by name. The trigram indexes of
    crm.services.text_search (search_trgm_*: PostgreSQL indexes, SQLite FTS5 tables) are not in the
    portable models either.
    """
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith((SEARCH_INDEX_TABLE_PREFIX, TRIGRAM_PREFIX))
    if type_ == "index":
        return not name.startswith(TRIGRAM_PREFIX)
    return True


@dataclass(frozen=True)
class SearchTerms:
    """A query as typed, made safe: the text for exact and prefix comparisons, and its words."""

    text: str = ""
    words: tuple[str, ...] = ()
    problem: str = ""

    @property
    def given(self) -> bool:
        """The officer typed something (even if nothing searchable)."""
        return bool(self.text or self.problem)

    @property
    def searchable(self) -> bool:
        return bool(self.words) and not self.problem


def parse_query(raw: str | None) -> SearchTerms:
    """Turn the q parameter into SearchTerms; a problem explains why nothing can be searched."""
    text_, problem = clean_query(raw)
    if not text_ or problem:
        return SearchTerms(text=text_, problem=problem)
    words = tuple(dict.fromkeys(WORD.findall(text_)))[:MAX_WORDS]
    if not words:
        return SearchTerms(text=text_, problem="Search using letters or numbers")
    return SearchTerms(text=text_, words=words)


@dataclass(frozen=True)
class SearchPlan:
    """What the search found, as a subquery a SELECT over organisations joins and ranks by.

    matches: one row per organisation found, with organisation_id; score (full-text rank, lower is
    better, NULL for typo matches); name_hit (1 when every word starts a word of a name or other
    name); names (" ; name ; other name ; ", lower case, for exact and prefix checks); typo (1 for a
    typo match).
    """

    terms: SearchTerms
    matches: Subquery
    found_ids: Select[Any]

    def join(self, stmt: Select[Any]) -> Select[Any]:
        """stmt restricted to the organisations the search found, with what relevance() ranks by."""
        return stmt.join(self.matches, self.matches.c.organisation_id == Organisation.id)

    def restrict(self, stmt: Select[Any]) -> Select[Any]:
        """stmt restricted to the organisations the search found, for counting: only their ids are
        asked for, so both databases leave out the ranks and names the order needs (on SQLite most
        of a search's cost) when they flatten the hits into the count."""
        return stmt.where(Organisation.id.in_(self.found_ids))

    def relevance(self) -> list[Any]:
        """ORDER BY terms: exact name or other name, then one starting with the query, then every
        word in the names, then typo matches, then matches in the summary or tags; by name within."""
        found = self.matches.c
        names = func.coalesce(found.names, "")
        typed = _escape_like(self.terms.text)
        tier = case(
            (func.lower(Organisation.name) == self.terms.text, 0),
            (names.like(f"% ; {typed} ; %", escape="/"), 0),
            (names.like(f"% ; {typed}%", escape="/"), 1),
            (found.name_hit == 1, 2),
            (found.typo == 1, 3),
            else_=4,
        )
        return [tier, found.score.asc().nulls_last(), func.lower(Organisation.name), Organisation.id]


def plan_search(terms: SearchTerms) -> SearchPlan:
    """The full-text hits and typo matches for searchable terms (the typo candidates cost one query
    on SQLite, three on PostgreSQL; the hits are a subquery of the caller's SELECT)."""
    dialect = db.session.get_bind().dialect.name
    hits = (_postgres_hits(terms) if dialect == "postgresql" else _sqlite_hits(terms)).subquery("search_hits")
    typo_ids = tuple(
        organisation_id
        for organisation_id, names in typo_candidates(terms.words, every_word=True)
        if _within_one_typo(terms.words, names)
    )[:MAX_TYPO_MATCHES]
    hit_rows = select(
        hits.c.organisation_id, hits.c.score, hits.c.name_hit, hits.c.names, literal(0, Integer).label("typo")
    )
    if not typo_ids:
        matches = hit_rows.subquery("search_matches")
        return SearchPlan(terms=terms, matches=matches, found_ids=select(hits.c.organisation_id))
    typo_rows = select(
        Organisation.id.label("organisation_id"),
        cast(null(), SqlFloat).label("score"),
        literal(0, Integer).label("name_hit"),
        cast(null(), String).label("names"),
        literal(1, Integer).label("typo"),
    ).where(Organisation.id.in_(typo_ids))
    both = union_all(hit_rows, typo_rows).subquery("search_union")
    matches = (
        select(
            both.c.organisation_id,
            func.min(both.c.score).label("score"),
            func.max(both.c.name_hit).label("name_hit"),
            func.max(both.c.names).label("names"),
            func.max(both.c.typo).label("typo"),
        )
        .group_by(both.c.organisation_id)
        .subquery("search_matches")
    )
    found_ids = union_all(
        select(hits.c.organisation_id), select(Organisation.id).where(Organisation.id.in_(typo_ids))
    )
    return SearchPlan(terms=terms, matches=matches, found_ids=select(found_ids.subquery("search_found").c[0]))


def typo_candidates(
    words: tuple[str, ...], *, limit: int = TYPO_CANDIDATES, every_word: bool = False
) -> list[tuple[int, str]]:
    """(organisation id, names) of at most `limit` organisations whose names may be within a typo
    of the words, best first; callers check each one. Names are the name and other names,
    separated by " ; ". every_word: only organisations that could match all the words (PostgreSQL
    narrows the set with it; on SQLite the trigram candidates are few enough either way)."""
    long_words = [word for word in words if len(word) >= MIN_TYPO_WORD]
    if not long_words:
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        return _postgres_typo_candidates(words, limit=limit, every_word=every_word)
    variants = [variant for word in long_words for variant in _typo_variants(word)]
    trigrams = dict.fromkeys(variant[i : i + 3] for variant in variants for i in range(len(variant) - 2))
    match = " OR ".join(f'"{trigram}"' for trigram in trigrams)
    rows = db.session.execute(
        text(
            "SELECT rowid, names FROM organisation_search_trigram"
            " WHERE organisation_search_trigram MATCH :match ORDER BY rank LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    )
    return [(int(row[0]), str(row[1])) for row in rows]


def name_candidates(words: tuple[str, ...], *, limit: int) -> list[int]:
    """Ids of at most `limit` organisations with any of the words starting a word of a name or
    other name (a cheap prefilter for duplicate checks), best first."""
    if not words:
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        query = " | ".join(f"'{word}':*AB" for word in words)
        stmt = text(
            "SELECT organisation_id FROM search.organisation_documents, to_tsquery('simple', :query) AS q"
            " WHERE document @@ q ORDER BY ts_rank(document, q) DESC, organisation_id LIMIT :limit"
        )
    else:
        query = "{name other_names} : (" + " OR ".join(f'"{word}"*' for word in words) + ")"
        stmt = text(
            "SELECT rowid FROM organisation_search WHERE organisation_search MATCH :query"
            " ORDER BY rank LIMIT :limit"
        )
    return [int(value) for value in db.session.scalars(stmt, {"query": query, "limit": limit})]


def _sqlite_hits(terms: SearchTerms) -> TextualSelect:
    every_word = " ".join(f'"{word}"*' for word in terms.words)
    return (
        text(
            "SELECT rowid AS organisation_id,"
            # Column weights: name, other names, summary, tags.
            " bm25(organisation_search, 10.0, 6.0, 1.0, 3.0) AS score,"
            " rowid IN (SELECT rowid FROM organisation_search WHERE organisation_search MATCH :in_names)"
            " AS name_hit,"
            " ' ; ' || lower(name) || ' ; ' || lower(other_names) || ' ; ' AS names"
            " FROM organisation_search WHERE organisation_search MATCH :anywhere"
        )
        .bindparams(anywhere=every_word, in_names="{name other_names} : (" + every_word + ")")
        .columns(organisation_id=Integer, score=SqlFloat, name_hit=Integer, names=String)
    )


def _postgres_hits(terms: SearchTerms) -> TextualSelect:
    # Words are letters and digits only, so quoting them makes a valid tsquery whatever was typed.
    anywhere = " & ".join(f"'{word}':*" for word in terms.words)
    in_names = " & ".join(f"'{word}':*AB" for word in terms.words)
    return (
        text(
            "SELECT d.organisation_id, -ts_rank(d.document, q) AS score,"
            " CASE WHEN d.document @@ nq THEN 1 ELSE 0 END AS name_hit,"
            " ' ; ' || lower(d.names) || ' ; ' AS names"
            " FROM search.organisation_documents AS d,"
            " to_tsquery('simple', :anywhere) AS q, to_tsquery('simple', :in_names) AS nq"
            " WHERE d.document @@ q"
        )
        .bindparams(anywhere=anywhere, in_names=in_names)
        .columns(organisation_id=Integer, score=SqlFloat, name_hit=Integer, names=String)
    )


def _postgres_typo_candidates(
    words: tuple[str, ...], *, limit: int, every_word: bool
) -> list[tuple[int, str]]:
    """Correct each longer word against the dictionary of name words (pg_trgm similarity, indexed),
    then find the organisations whose names hold the words or their corrections (full text)."""
    corrections = _postgres_corrections([word for word in words if len(word) >= MIN_TYPO_WORD])
    if not corrections:
        return []
    alternatives = [
        "(" + " | ".join([f"'{word}':*AB", *(f"'{fixed}':AB" for fixed in corrections.get(word, []))]) + ")"
        for word in words
        if every_word or word in corrections
    ]
    rows = db.session.execute(
        text(
            "SELECT organisation_id, names"
            " FROM search.organisation_documents, to_tsquery('simple', :query) AS q"
            " WHERE document @@ q ORDER BY ts_rank(document, q) DESC, organisation_id LIMIT :limit"
        ),
        {"query": (" & " if every_word else " | ").join(alternatives), "limit": limit},
    )
    return [(int(row[0]), str(row[1])) for row in rows]


def _postgres_corrections(words: list[str]) -> dict[str, list[str]]:
    """{word: name words one edit away from it}, for the words that have any."""
    originals = {variant: word for word in words for variant in reversed(_typo_variants(word))}
    # The similarity threshold of `%` applies to this transaction only.
    db.session.execute(text("SELECT set_config('pg_trgm.similarity_threshold', '0.3', true)"))
    rows = db.session.execute(
        text(
            "SELECT v.variant, w.word FROM unnest(:variants) AS v(variant) CROSS JOIN LATERAL ("
            " SELECT word FROM search.organisation_words WHERE word % v.variant"
            " ORDER BY similarity(word, v.variant) DESC, word LIMIT :per_word) AS w"
        ).bindparams(bindparam("variants", type_=ARRAY(String))),
        {"variants": list(originals), "per_word": CORRECTIONS_PER_WORD},
    )
    corrections: dict[str, list[str]] = {}
    for variant, candidate in rows:
        word = originals[variant]
        if candidate != word and _one_edit_apart(word, candidate):
            corrections.setdefault(word, [])
            if candidate not in corrections[word]:
                corrections[word].append(candidate)
    return corrections


def _typo_variants(word: str) -> list[str]:
    """The word, and for a short word each one-letter deletion of it.

    In a long word one edit leaves some trigram intact; in a short one ("qiull" for "quill") it can
    break them all, but a deletion ("qill") shares trigrams with the intended name again.
    """
    if len(word) > SHORT_WORD:
        return [word]
    return list(dict.fromkeys([word, *(word[:i] + word[i + 1 :] for i in range(len(word)))]))


def _within_one_typo(words: tuple[str, ...], names: str) -> bool:
    """Every word starts a word of the names, or (for longer words) is one edit (a missing, extra,
    wrong or swapped letter) from a word of the names or from the start of one."""
    name_words = set(WORD.findall(names.lower()))
    for word in words:
        if any(candidate.startswith(word) for candidate in name_words):
            continue
        if len(word) < MIN_TYPO_WORD:
            return False
        if not any(_one_edit_apart(word, candidate) for candidate in name_words):
            return False
    return True


def _one_edit_apart(word: str, candidate: str) -> bool:
    if len(candidate) < MIN_TYPO_WORD:
        return False
    if OSA.distance(word, candidate, score_cutoff=1) <= 1:
        return True
    # A typo in a name typed only in part ("manchs" for "Manchester").
    return len(word) > MIN_TYPO_WORD and OSA.distance(word, candidate[: len(word)], score_cutoff=1) <= 1


def _escape_like(value: str) -> str:
    return value.replace("/", "//").replace("%", "/%").replace("_", "/_")
