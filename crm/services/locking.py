"""Optimistic locking: an edit made on an old version of a record is refused, never merged silently.

Forms carry the version the officer opened (a hidden field). ensure_current() compares it before
the change; SQLAlchemy's version_id_col catches the narrower race at flush (StaleDataError). Views
treat both the same: show the conflict with the other person's values, save nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm.models.base import Versioned


class EditConflict(Exception):
    """Someone else saved the record after the officer opened it."""

    def __init__(self, record: Versioned) -> None:
        super().__init__(f"{type(record).__name__} changed since it was opened")
        self.record = record


@dataclass(frozen=True)
class Difference:
    """One field where the saved record and the officer's submission disagree."""

    label: str
    theirs: str
    yours: str


def ensure_current(record: Versioned, submitted_version: Any) -> None:
    """Raise EditConflict unless the submitted version is the record's current one."""
    try:
        version = int(submitted_version)
    except (TypeError, ValueError):
        raise EditConflict(record) from None
    if version != record.version:
        raise EditConflict(record)


def differences(record: object, submitted: dict[str, Any], labels: dict[str, str]) -> list[Difference]:
    """Fields (attribute name -> label) whose saved value differs from what was submitted."""

    def shown(value: Any) -> str:
        if isinstance(value, list | tuple | set):
            return ", ".join(sorted(shown(v) for v in value))
        label = getattr(value, "label", None)
        return str(label if label is not None else getattr(value, "name", value) if value is not None else "")

    result = []
    for attribute, label in labels.items():
        theirs, yours = shown(getattr(record, attribute)), shown(submitted.get(attribute))
        if theirs != yours:
            result.append(Difference(label=label, theirs=theirs, yours=yours))
    return result
