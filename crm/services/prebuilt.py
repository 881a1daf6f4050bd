"""Statements built once per process and run many times with new parameters.

Building a SELECT with correlated subqueries, CTEs or a UNION costs SQLAlchemy more Python time
than SQLite needs to run it: the organisations list's filter options took 2.5 ms to build and
0.4 ms to run (medium data), the actions review's counts about 5 ms. A statement that is built once
keeps its compiled-cache key too, so running it again costs only the execution. What varies goes
in as named bindparam() values at execution; anything that changes the statement (its shape, the
reader's access scope, the database) is part of the key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.services.bounded import BoundedEntries

T = TypeVar("T")

# Keys can come from what a URL chooses (the review's filters), so they are bounded: past this, the
# least recently built statements go and are built again when next needed. An actions review
# statement and its compiled form take about 85 KiB (measured over 24 filter shapes), so a worker
# keeps at most about 40 MiB of them.
MAX_STATEMENTS = 500

_built: BoundedEntries[Any] = BoundedEntries(MAX_STATEMENTS)


def prebuilt(key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
    """The statement built for key (with the database's name added to it), building it the first time."""
    full_key = (db.session.get_bind().dialect.name, *key)
    statement = _built.get(full_key)
    if statement is None:
        statement = build()
        _built.put(full_key, statement)
    return statement


def shape_and_values(clauses: Iterable[ColumnElement[Any]]) -> tuple[Hashable, dict[str, Any]]:
    """What a statement built from these clauses may be reused for, and the values to run it with.

    The values are those of the clauses' named parameters (bindparam("name", value)); everything
    else, the clauses' SQL and any value not named, is the shape. So a statement built for one
    request is reused only for requests whose clauses differ in named values alone: a value a
    clause forgot to name makes another statement, never a wrong answer.
    """
    cache_key = and_(*clauses)._generate_cache_key()
    if cache_key is None:
        raise TypeError("a clause SQLAlchemy cannot key cannot be part of a prebuilt statement")
    values: dict[str, Any] = {}
    unnamed: list[Hashable] = []
    for parameter in cache_key.bindparams:
        if parameter.unique:  # a literal SQLAlchemy named itself
            value = parameter.effective_value
            unnamed.append(tuple(value) if isinstance(value, list) else value)
        else:
            values[parameter.key] = parameter.effective_value
    return (cache_key.key, tuple(unnamed)), values


def forget_all() -> None:
    """Drop every built statement (tests that compare a reused statement with a fresh one)."""
    _built.clear()
