"""The daily reminder digest: one email per officer with their overdue and due-soon actions and the
partner-owed actions they chase.

Idempotent per London day: before sending, the run claims the day for the officer in the settings
table (key internal.reminder.<user id> = ISO date) and commits, so a second run the same day, or two
runs at once, send nothing twice. A send that fails gives the claim back, so the next run retries.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from crm.extensions import db
from crm.models import Action, Classification, Role, Setting, User
from crm.services import mail
from crm.services.access import visible
from crm.services.actions.filters import DUE_SOON_DAYS, outstanding
from crm.timezones import london_today

KEY_PREFIX = "internal.reminder."


@dataclass(frozen=True)
class Digest:
    """One officer's reminder: what is overdue, what is due soon, what partners owe them."""

    user: User
    overdue: list[Action]
    due_soon: list[Action]
    to_chase: list[Action]

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.to_chase)


@dataclass
class DigestReport:
    """What a run did."""

    planned: list[Digest] = field(default_factory=list)
    already_sent: int = 0
    sent: list[User] = field(default_factory=list)
    skipped: list[User] = field(default_factory=list)  # another run claimed them first
    failed: list[tuple[User, str]] = field(default_factory=list)


def _key(user: User) -> str:
    return f"{KEY_PREFIX}{user.id}"


def recipients() -> list[User]:
    """Officers, leads and admins who can sign in (viewers owe and chase nothing), by name."""
    stmt = select(User).where(User.active.is_(True), User.role != Role.VIEWER).order_by(User.name, User.id)
    return list(db.session.scalars(stmt))


def digest_for(user: User, *, today: date) -> Digest:
    """The user's digest, read within their access scope (one query)."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    stmt = (
        select(Action)
        .where(
            outstanding(),
            or_(
                Action.owner_user_id == user.id,
                Action.owner_organisation_id.is_not(None) & (Action.chaser_id == user.id),
            ),
        )
        .options(joinedload(Action.owner_organisation))
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    )
    actions = list(db.session.scalars(visible(stmt, Action, user)))
    ours = [a for a in actions if a.owner_organisation_id is None and a.due_on is not None]
    return Digest(
        user=user,
        overdue=[a for a in ours if a.due_on is not None and a.due_on < today],
        due_soon=[a for a in ours if a.due_on is not None and today <= a.due_on <= soon],
        to_chase=[a for a in actions if a.owner_organisation_id is not None],
    )


def sent_today(*, today: date) -> set[str]:
    """Keys of the officers who already had today's digest."""
    stmt = select(Setting.key).where(Setting.key.startswith(KEY_PREFIX), Setting.value == today.isoformat())
    return set(db.session.scalars(stmt))


def plan(*, today: date) -> tuple[list[Digest], int]:
    """The digests still to send today (officers with something to say who have not had one), and
    how many officers already had theirs."""
    done = sent_today(today=today)
    digests, already = [], 0
    for user in recipients():
        if _key(user) in done:
            already += 1
            continue
        digest = digest_for(user, today=today)
        if not digest.is_empty:
            digests.append(digest)
    return digests, already


def _claim(user: User, today: date) -> str | None:
    """Mark today's digest as sent for the user; returns the previous value to give it back."""
    setting = db.session.get(Setting, _key(user))
    if setting is None:
        db.session.add(Setting(key=_key(user), value=today.isoformat()))
        return None
    previous = setting.value
    setting.value = today.isoformat()
    return previous


def _release(user: User, previous: str | None) -> None:
    setting = db.session.get(Setting, _key(user))
    if setting is None:
        return
    if previous is None:
        db.session.delete(setting)
    else:
        setting.value = previous


def send_digests(
    digests: list[Digest],
    *,
    today: date,
    settings: mail.MailSettings | None,
    base_url: str = "",
    already_sent: int = 0,
    progress: Callable[[str], None] = lambda _text: None,
) -> DigestReport:
    """Send the planned digests (see plan). Commits once per officer (the claim) so that a crash
    part-way never sends anyone a second digest the same day."""
    report = DigestReport(planned=digests, already_sent=already_sent)
    if not digests:
        return report
    sender = mail.sender_address(settings)
    # Written before any commit: committing expires loaded records, and re-reading them one by one
    # for each email would cost a query per action.
    messages = [
        (digest.user, digest.user.email, compose(digest, today=today, base_url=base_url, sender=sender))
        for digest in digests
    ]
    with mail.connection(settings) as send:
        for user, email, message in messages:
            previous = _claim(user, today)
            try:
                db.session.commit()
            except (IntegrityError, StaleDataError):
                db.session.rollback()
                report.skipped.append(user)
                continue
            try:
                send(message)
            except (smtplib.SMTPException, OSError) as error:
                _release(user, previous)
                db.session.commit()
                report.failed.append((user, str(error) or type(error).__name__))
                progress(f"  could not send to {email}: {error}")
                continue
            report.sent.append(user)
    return report


def compose(digest: Digest, *, today: date, base_url: str, sender: str) -> EmailMessage:
    """The digest email (plain text). OFFICIAL-SENSITIVE actions are listed without their title."""
    from crm.template_helpers import long_date

    def line(action: Action) -> str:
        if action.classification == Classification.OFFICIAL_SENSITIVE:
            text = "An OFFICIAL-SENSITIVE action (open the CRM to see it)"
        elif action.owner_organisation is not None:
            text = f"{action.owner_organisation.name}: {action.title}"
        else:
            text = action.title
        if action.due_on is None:
            when = "no due date"
        elif action.due_on < today:
            days = (today - action.due_on).days
            when = f"was due {long_date(action.due_on)}, overdue by {days} day{'s' if days != 1 else ''}"
        else:
            when = f"due {long_date(action.due_on)}"
        link = f"\n  {base_url.rstrip('/')}/actions/{action.id}" if base_url else f" (action {action.id})"
        return f"- {text} ({when}){link}"

    sections = [
        ("Overdue", digest.overdue),
        (f"Due in the next {DUE_SOON_DAYS} days", digest.due_soon),
        ("Owed by partners, for you to chase", digest.to_chase),
    ]
    parts = [f"Hello {digest.user.name},", "", f"Your actions in the Partnership CRM on {long_date(today)}."]
    for heading, actions in sections:
        if actions:
            parts += ["", f"{heading} ({len(actions)})", *(line(action) for action in actions)]
    if base_url:
        parts += ["", f"All your outstanding actions: {base_url.rstrip('/')}/actions/"]
    parts += [
        "",
        "You get this email on days when you have actions overdue, due soon or to chase.",
    ]
    subject = (
        f"Your actions: {len(digest.overdue)} overdue, {len(digest.due_soon)} due soon, "
        f"{len(digest.to_chase)} to chase"
    )
    return mail.make_message(sender=sender, to=digest.user.email, subject=subject, body="\n".join(parts))


def run_reminder_job(base_url: str = "") -> str:
    """Entry point for a background worker (e.g. RQ with REDIS_URL): builds the app and sends today's
    digests. Returns a one-line summary."""
    from crm import create_app

    app = create_app()
    with app.app_context():
        today = london_today()
        digests, already = plan(today=today)
        report = send_digests(
            digests,
            today=today,
            settings=mail.settings_from_environment(),
            base_url=base_url,
            already_sent=already,
        )
        return f"{len(report.sent)} sent, {len(report.failed)} failed, {report.already_sent} already sent"
