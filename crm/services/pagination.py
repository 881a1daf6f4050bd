"""Server-side pagination: one COUNT and one page of rows, whatever the table size."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select

from crm.extensions import db

T = TypeVar("T")
MAX_PAGE = 100_000


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results and what the pagination links need."""

    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_index(self) -> int:
        """1-based position of the first item shown ("Showing 51 to 100 of 230")."""
        return 0 if self.total == 0 else (self.number - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.number * self.per_page, self.total)


def page_number(args: Mapping[str, Any], name: str = "page") -> int:
    """The requested page from query arguments; anything that is not a positive number means 1."""
    value = str(args.get(name, "1"))
    # isascii(): "²".isdigit() is True but int("²") fails.
    return min(int(value), MAX_PAGE) if value.isascii() and value.isdigit() and int(value) > 0 else 1


def paginate(
    stmt: Select[*tuple[Any, ...]],
    *,
    number: int,
    per_page: int,
    scalars: bool = True,
    count_from: Select[Any] | None = None,
) -> Page[Any]:
    """Run stmt for one page. stmt must already be ordered deterministically (e.g. by name, id).

    count_from: a leaner SELECT of the same rows to count, when stmt joins tables only its page
    needs (the count then reads a few thousand rows without their joined records).
    A page past the end shows the last page rather than an empty one.
    """
    counted = stmt.order_by(None) if count_from is None else count_from
    count_stmt = select(func.count()).select_from(counted.subquery())
    total = db.session.scalar(count_stmt) or 0
    number = min(number, max(1, math.ceil(total / per_page)))
    # Typed Any: mypy 2.4 crashes expanding Session.scalars() overloads on a variadic Select.
    paged: Any = stmt.limit(per_page).offset((number - 1) * per_page)
    session: Any = db.session
    items = list(session.scalars(paged).unique()) if scalars else list(session.execute(paged))
    return Page(items=items, number=number, per_page=per_page, total=total)
