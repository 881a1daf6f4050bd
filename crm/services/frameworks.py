"""Frameworks and their asks: the 2018 five asks are seeded; admins add later ones without code.

A framework is identified in URLs by its key (a slug fixed at creation, so bookmarks keep working).
Asks are ordered by position (1, 2, 3...), unique within their framework.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import FIVE_ASKS_KEY, Ask, Framework

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Keys that would clash with the framework pages' own URLs.
RESERVED_KEYS = frozenset({"new"})
MAX_KEY = 60
ASK_KEY_STEM = 50


class FrameworkKeyTaken(ValueError):
    """Another framework already has this key."""


def list_frameworks() -> list[tuple[Framework, int]]:
    """Every framework with its number of asks, the five asks first, then newest published first."""
    asks = select(Ask.framework_id, func.count(Ask.id).label("asks")).group_by(Ask.framework_id).subquery()
    stmt = (
        select(Framework, func.coalesce(asks.c.asks, 0))
        .outerjoin(asks, asks.c.framework_id == Framework.id)
        .order_by(
            (Framework.key != FIVE_ASKS_KEY),
            Framework.published_on.desc().nulls_last(),
            Framework.name,
            Framework.id,
        )
    )
    return [(framework, int(count)) for framework, count in db.session.execute(stmt)]


def get_framework(key: str) -> Framework | None:
    """The framework with this key, its asks loaded in order; None when there is none."""
    if not key or len(key) > MAX_KEY:
        return None
    return db.session.scalar(
        select(Framework).where(Framework.key == key).options(selectinload(Framework.asks))
    )


def get_ask(*, ask_id: int) -> Ask | None:
    """One ask with its framework."""
    return db.session.scalar(select(Ask).where(Ask.id == ask_id).options(selectinload(Ask.framework)))


def key_problem(key: str) -> str | None:
    """Why a framework key cannot be used (GOV.UK wording), or None when it can."""
    if not KEY_PATTERN.match(key):
        return (
            "Key must contain only lower-case letters, numbers and single hyphens, "
            "like voluntary-principles-2020"
        )
    if key in RESERVED_KEYS:
        return f"Key cannot be ‘{key}’: choose another"  # noqa: RUF001 (GOV.UK style quotes)
    return None


def create_framework(*, key: str, name: str, published_on: date | None, description: str) -> Framework:
    """Add a framework with no asks yet. Raises FrameworkKeyTaken when the key is in use. Flushes."""
    if db.session.scalar(select(Framework.id).where(Framework.key == key)) is not None:
        raise FrameworkKeyTaken(key)
    framework = Framework(key=key, name=name, published_on=published_on, description=description)
    db.session.add(framework)
    db.session.flush()
    return framework


def update_framework(framework: Framework, *, name: str, published_on: date | None, description: str) -> None:
    """Change a framework's name, date and description (its key stays). Flushes."""
    framework.name, framework.published_on, framework.description = name, published_on, description
    db.session.flush()


def _ask_key(title: str, taken: set[str]) -> str:
    """A slug of the title, unique within the framework (asks are known by key in exports and code)."""
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:ASK_KEY_STEM].strip("-") or "ask"
    key, number = stem, 2
    while key in taken:
        key, number = f"{stem}-{number}", number + 1
    return key


def add_ask(framework: Framework, *, title: str, description: str) -> Ask:
    """Add an ask at the end of a framework (asks loaded). Flushes."""
    asks = list(framework.asks)
    ask = Ask(
        framework=framework,
        key=_ask_key(title, {existing.key for existing in asks}),
        position=max((existing.position for existing in asks), default=0) + 1,
        title=title,
        description=description,
    )
    db.session.add(ask)
    db.session.flush()
    return ask


def update_ask(ask: Ask, *, title: str, description: str) -> None:
    """Change an ask's wording (its key and position stay). Flushes."""
    ask.title, ask.description = title, description
    db.session.flush()


def move_ask(ask: Ask, *, up: bool) -> bool:
    """Swap an ask with the one before (up) or after it. False when it is already first (or last).

    Positions are unique within a framework and the constraint is checked row by row, so the swap
    parks the ask on an unused position first (three small flushes, each audited).
    """
    asks = sorted(ask.framework.asks, key=lambda each: each.position)
    index = asks.index(ask)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(asks):
        return False
    other = asks[other_index]
    mine, theirs = ask.position, other.position
    ask.position = -mine
    db.session.flush()
    other.position = mine
    db.session.flush()
    ask.position = theirs
    db.session.flush()
    return True
