"""Helpers for the contact-log tests: a full "Log a contact" submission, counts, query counting."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Action, Engagement
from crm.timezones import london_today
from tests.sql import count_queries  # noqa: F401 (used by this package's tests)


def day_parts(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def contact_form(
    *,
    organisations: Iterable[Any] = (),
    people: Iterable[Any] = (),
    officers: Iterable[Any] = (),
    asks: Iterable[Any] = (),
    day: date | None = None,
    start: str = "10:00",
    end: str = "",
    title: str = "Quarterly partnership meeting",
    summary: str = "",
    kind: str = "meeting",
    classification: str = "official",
    actions: Iterable[dict[str, Any]] = (),
    button: str | None = "save",
    **extra: Any,
) -> dict[str, Any]:
    """The POST body of the "Log a contact" form, as a browser sends it."""
    day = day or london_today() - timedelta(days=1)
    data: dict[str, Any] = {
        "kind": kind,
        "date": day_parts(day),
        "start_time": start,
        "end_time": end,
        "title": title,
        "summary": summary,
        "organisation_query": "",
        "organisation_ids": [str(o.id) for o in organisations],
        "person_ids": [str(p.id) for p in people],
        "officer_ids": [str(u.id) for u in officers],
        "ask_ids": [str(a.id) for a in asks],
        "classification": classification,
        "new_person_name": "",
        "new_person_email": "",
        "new_person_organisation_id": "",
    }
    for index, row in enumerate(actions):
        due = row.get("due_on")
        data[f"actions-{index}-title"] = row.get("title", "")
        data[f"actions-{index}-owner"] = row.get("owner", "")
        data[f"actions-{index}-chaser_id"] = row.get("chaser_id", "")
        data[f"actions-{index}-due_on"] = day_parts(due) if isinstance(due, date) else (due or ["", "", ""])
        data[f"actions-{index}-organisation_id"] = row.get("organisation_id", "")
        data[f"actions-{index}-ask_id"] = row.get("ask_id", "")
    if button:
        data[button] = "1"
    data.update(extra)
    return data


def counts() -> tuple[int, int]:
    """How many engagements and actions exist (a fresh query, as the next request would see)."""
    return (
        db.session.scalar(select(func.count()).select_from(Engagement)) or 0,
        db.session.scalar(select(func.count()).select_from(Action)) or 0,
    )
