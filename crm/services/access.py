"""The access scope: the one place that decides which records a user may read.

Every query for engagements or actions goes through visible(). OFFICIAL-SENSITIVE records are
visible only to members of the record's access group (a team) and to admins; everyone else never
sees them, in lists, counts, search, exports or feeds.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, false, or_
from sqlalchemy.sql.elements import ColumnElement

from crm.models import Action, Classification, Engagement, Role, User
from crm.services.audit import record_event

ScopedModel = type[Engagement] | type[Action]
SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


def visibility_clause(model: ScopedModel, user: User) -> ColumnElement[bool]:
    """A WHERE clause true for the rows of model the user may read."""
    if user.role == Role.ADMIN:
        return or_(model.id.is_not(None))
    if not user.is_authenticated:
        return false()
    clauses: list[ColumnElement[bool]] = [model.classification == Classification.OFFICIAL]
    if user.team_id is not None:
        clauses.append(model.access_team_id == user.team_id)
    return or_(*clauses)


def access_scope(user: User) -> str:
    """Who may read what, as visibility_clause decides it, as a string: admins read every record;
    anyone else OFFICIAL records, and the OFFICIAL-SENSITIVE records of their own team. Readers with
    the same scope see exactly the same records, so what was worked out for one may be reused for
    another (cached figures, prebuilt statements). Kept in step with visibility_clause;
    tests/integration/reports/test_figures_cache.py checks it."""
    if user.role == Role.ADMIN:
        return "all"
    if not user.is_authenticated:
        return "none"
    return "official" if user.team_id is None else f"official+team-{user.team_id}"


def visible(stmt: SelectT, model: ScopedModel, user: User) -> SelectT:
    """Restrict a SELECT over model to the rows the user may read."""
    return stmt.where(visibility_clause(model, user))


def can_read(record: Engagement | Action, user: User) -> bool:
    """The same rule for one loaded record (detail pages answer 404 when this is False)."""
    if user.role == Role.ADMIN:
        return True
    if record.classification == Classification.OFFICIAL:
        return True
    return user.team_id is not None and record.access_team_id == user.team_id


def record_sensitive_read(record: Engagement | Action) -> None:
    """Log a read of an OFFICIAL-SENSITIVE record in the audit trail (the caller commits)."""
    if record.classification == Classification.OFFICIAL_SENSITIVE:
        record_event("read", entity=record)
