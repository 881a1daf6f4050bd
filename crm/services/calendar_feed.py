"""Calendar feeds: each user's action due dates and upcoming meetings as iCalendar.

A feed is authorised by a secret token in its URL (calendar apps cannot sign in), so the token is
long and random (secrets.token_urlsafe(32)), can be revoked or replaced from the account page, and
an unknown token answers exactly like a revoked one. The feed shows only what the same user would see
on the pages (crm.services.access). OFFICIAL-SENSITIVE items appear without their title or details:
a calendar app copies them to devices and services outside the CRM.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.models import (
    Action,
    Classification,
    Engagement,
    EngagementKind,
    User,
    engagement_officers,
)
from crm.services.access import visible
from crm.services.actions.filters import outstanding
from crm.services.audit import record_event

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64
UID_DOMAIN = "partnership-crm"
DEFAULT_MEETING_LENGTH = timedelta(hours=1)
SENSITIVE_TEXT = "OFFICIAL-SENSITIVE: open the Partnership CRM to see the details."


def issue_token(user: User) -> str:
    """Give the user a new feed token (the old one, if any, stops working at once)."""
    had_one = user.calendar_token is not None
    user.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    record_event("calendar-feed", entity=user, details={"change": "replaced" if had_one else "created"})
    db.session.flush()
    return user.calendar_token


def revoke_token(user: User) -> None:
    """Turn the user's feed off: its URL answers 404 from now on."""
    if user.calendar_token is not None:
        user.calendar_token = None
        record_event("calendar-feed", entity=user, details={"change": "revoked"})
        db.session.flush()


def user_for_token(token: str) -> User | None:
    """The active user whose feed token this is, or None (unknown, revoked, or a leaver)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    user = db.session.scalar(select(User).where(User.calendar_token == token, User.active.is_(True)))
    # The lookup is by a unique column; compare again in constant time so that nothing about the
    # stored value leaks through how long a near miss takes.
    if user is None or not secrets.compare_digest(user.calendar_token or "", token):
        return None
    return user


def feed_actions(user: User) -> list[Action]:
    """Outstanding actions with a due date that the user owes or chases, within their access scope."""
    stmt = (
        select(Action)
        .where(
            outstanding(),
            Action.due_on.is_not(None),
            or_(
                Action.owner_user_id == user.id,
                (Action.owner_organisation_id.is_not(None)) & (Action.chaser_id == user.id),
            ),
        )
        .options(joinedload(Action.owner_organisation))
        .order_by(Action.due_on, Action.id)
    )
    return list(db.session.scalars(visible(stmt, Action, user)))


def feed_meetings(user: User, *, now: datetime) -> list[Engagement]:
    """The user's engagements (as an officer) still to come, within their access scope."""
    stmt = (
        select(Engagement)
        .join(engagement_officers, engagement_officers.c.engagement_id == Engagement.id)
        .where(engagement_officers.c.user_id == user.id, Engagement.starts_at > now)
        .options(selectinload(Engagement.organisations))
        .order_by(Engagement.starts_at, Engagement.id)
    )
    return list(db.session.scalars(visible(stmt, Engagement, user)))


def build_feed(user: User, *, now: datetime, base_url: str) -> bytes:
    """The user's feed as iCalendar bytes. base_url is the site root, e.g. https://crm.example.org/."""
    calendar = Calendar()
    calendar.add("prodid", "-//Partnership CRM//Actions and meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Partnership CRM: {user.name}")
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("x-published-ttl", "PT1H")  # a hint to calendar apps: look again hourly
    for event in _action_events(feed_actions(user), now=now, base_url=base_url):
        calendar.add_component(event)
    for event in _meeting_events(feed_meetings(user, now=now), now=now, base_url=base_url):
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _action_events(actions: Sequence[Action], *, now: datetime, base_url: str) -> list[Event]:
    events = []
    for action in actions:
        if action.due_on is None:  # feed_actions selects dated actions only
            continue
        sensitive = action.classification == Classification.OFFICIAL_SENSITIVE
        if sensitive:
            summary, description = "Action due (OFFICIAL-SENSITIVE)", SENSITIVE_TEXT
        elif action.owner_organisation is not None:
            summary = f"Chase {action.owner_organisation.name}: {action.title}"
            description = action.description
        else:
            summary, description = f"Action due: {action.title}", action.description
        event = Event()
        event.add("uid", f"action-{action.id}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("last-modified", action.updated_at.astimezone(UTC))
        # An all-day event: DTSTART and DTEND are dates, DTEND the day after (RFC 5545).
        event.add("dtstart", action.due_on)
        event.add("dtend", action.due_on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("summary", summary)
        url = f"{base_url}actions/{action.id}"
        event.add("description", f"{description}\n\n{url}".strip())
        event.add("url", url)
        event.add("class", "CONFIDENTIAL" if sensitive else "PRIVATE")
        events.append(event)
    return events


def _meeting_events(meetings: Sequence[Engagement], *, now: datetime, base_url: str) -> list[Event]:
    events = []
    for meeting in meetings:
        sensitive = meeting.classification == Classification.OFFICIAL_SENSITIVE
        kind = meeting.kind.label if meeting.kind != EngagementKind.OTHER else "Engagement"
        if sensitive:
            summary, description = f"{kind} (OFFICIAL-SENSITIVE)", SENSITIVE_TEXT
        else:
            summary = f"{kind}: {meeting.title}"
            names = ", ".join(organisation.name for organisation in meeting.organisations)
            description = f"With {names}" if names else ""
        event = Event()
        event.add("uid", f"engagement-{meeting.id}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        ends_at = meeting.ends_at if meeting.ends_at and meeting.ends_at > meeting.starts_at else None
        event.add("dtend", (ends_at or meeting.starts_at + DEFAULT_MEETING_LENGTH).astimezone(UTC))
        event.add("summary", summary)
        url = f"{base_url}engagements/{meeting.id}"
        event.add("description", f"{description}\n\n{url}".strip())
        event.add("url", url)
        event.add("class", "CONFIDENTIAL" if sensitive else "PRIVATE")
        events.append(event)
    return events
