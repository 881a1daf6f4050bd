"""Statements built once per process and run many times with new parameters.

Building a SELECT with correlated subqueries, CTEs or a UNION costs SQLAlchemy more Python time
than SQLite needs to run it: the organisations list's filter options took 2.5 ms to build and
0.4 ms to run (medium data). A statement that is built once keeps its compiled-cache key too, so
running it again costs only the execution. Use it for statements whose shape does not depend on
the request: what varies goes in as bindparam() values at execution, and anything that changes the
shape (the reader's access scope, the database) is part of the key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from crm.extensions import db

T = TypeVar("T")

_built: dict[tuple[Hashable, ...], Any] = {}


def prebuilt(key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
    """The statement built for key (with the database's name added to it), building it the first time.

    Keys are fixed by the code (a name, plus e.g. crm.services.access.access_scope), so the number
    of statements kept is bounded by the number of shapes and access scopes.
    """
    full_key = (db.session.get_bind().dialect.name, *key)
    statement = _built.get(full_key)
    if statement is None:
        statement = _built.setdefault(full_key, build())
    return statement
