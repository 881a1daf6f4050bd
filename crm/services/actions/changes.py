"""Every write to actions: create, edit, status changes, completion, comments and bulk updates.

Services flush; the view commits once per request. Optimistic locking: single-record edits check the
version the officer opened (crm.services.locking); bulk updates check each row's version and leave
rows that changed meanwhile untouched (see bulk_update).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm.extensions import db
from crm.models import (
    OUTSTANDING_STATUSES,
    Action,
    ActionStatus,
    ActionUpdate,
    Ask,
    Classification,
    Organisation,
    Person,
    Priority,
    Setting,
    User,
)
from crm.services.access import visible

COMPLETION_NOTE_SETTING = "actions.completion-note-required"
MAX_BULK_ROWS = 500


class ActionError(ValueError):
    """A change that cannot be made; field names the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class CompletionNoteRequired(ActionError):
    """The team requires a note when an action is completed."""

    def __init__(self, field: str = "note") -> None:
        super().__init__(field, "Enter a completion note: what was done, and where the result is")


class BulkRefused(Exception):
    """Some ticked rows do not exist or are outside the user's access scope: nothing is changed."""

    def __init__(self, refused_ids: list[int]) -> None:
        super().__init__(f"{len(refused_ids)} actions cannot be changed")
        self.refused_ids = refused_ids


@dataclass
class ActionDetails:
    """What an officer enters for an action (new or edited). Owed by us: owner_user; owed by a
    partner: owner_organisation (and optionally owner_person) with a chaser."""

    title: str
    description: str = ""
    owner_user: User | None = None
    owner_organisation: Organisation | None = None
    owner_person: Person | None = None
    chaser: User | None = None
    due_on: date | None = None
    priority: Priority = Priority.MEDIUM
    ask: Ask | None = None
    organisations: list[Organisation] = field(default_factory=list)
    classification: Classification = Classification.OFFICIAL


def completion_note_required() -> bool:
    """Whether the team requires a completion note (setting actions.completion-note-required = "1")."""
    setting = db.session.get(Setting, COMPLETION_NOTE_SETTING)
    return setting is not None and setting.value.strip() == "1"


def check_details(details: ActionDetails, *, editor: User, action: Action | None = None) -> list[ActionError]:
    """Problems with the details that the form fields alone cannot see (empty when all is well)."""
    problems = []
    if details.owner_organisation is None and details.owner_user is None:
        problems.append(ActionError("owner_user_id", "Select the officer who owes this action"))
    if details.owner_organisation is not None and details.chaser is None:
        problems.append(ActionError("chaser_id", "Select the officer who will chase this action"))
    if details.owner_person is not None and (
        details.owner_organisation is None
        or details.owner_person.organisation_id != details.owner_organisation.id
    ):
        problems.append(
            ActionError("owner_person_id", "Select a person who works at the organisation that owes it")
        )
    keeps_team = action is not None and action.access_team_id is not None
    if (
        details.classification == Classification.OFFICIAL_SENSITIVE
        and editor.team_id is None
        and not keeps_team
    ):
        problems.append(
            ActionError(
                "classification",
                "You can only mark an action OFFICIAL-SENSITIVE when you are in a team: "
                "ask an admin to add you to one",
            )
        )
    return problems


def create_action(*, details: ActionDetails, created_by: User) -> Action:
    """Add a standalone action (not raised at an engagement). Check details with check_details first."""
    action = Action(status=ActionStatus.OPEN, created_by=created_by, completion_note="")
    _apply(action, details, editor=created_by)
    db.session.add(action)
    db.session.flush()
    return action


def update_action(action: Action, *, details: ActionDetails, editor: User) -> None:
    """Change an action's details (not its status: see change_status, complete_action)."""
    _apply(action, details, editor=editor)
    db.session.flush()


def _apply(action: Action, details: ActionDetails, *, editor: User) -> None:
    action.title = details.title
    action.description = details.description
    partner = details.owner_organisation is not None
    action.owner_user = None if partner else details.owner_user
    action.owner_organisation = details.owner_organisation
    action.owner_person = details.owner_person if partner else None
    action.chaser = details.chaser if partner else None
    action.due_on = details.due_on
    action.priority = details.priority
    action.ask = details.ask
    organisations = list(details.organisations)
    # The organisation that owes an action is one of its organisations (its page lists the action).
    if details.owner_organisation is not None and details.owner_organisation not in organisations:
        organisations.append(details.owner_organisation)
    action.organisations = organisations
    action.classification = details.classification
    if details.classification == Classification.OFFICIAL:
        action.access_team = None
    elif action.access_team_id is None:
        action.access_team_id = editor.team_id


def _set_status(action: Action, status: ActionStatus, *, today: date) -> None:
    """Status with its completion date: done dates it; leaving done clears the date."""
    action.status = status
    if status == ActionStatus.DONE:
        action.completed_on = action.completed_on if action.completed_on else today
    else:
        action.completed_on = None


def change_status(action: Action, *, status: ActionStatus, today: date) -> None:
    """Move an action to open, in progress, blocked or cancelled (done goes through complete_action)."""
    if status == ActionStatus.DONE:
        raise ActionError("status", 'Use "Complete this action" to mark it done')
    _set_status(action, status, today=today)
    db.session.flush()


def complete_action(action: Action, *, note: str, today: date) -> None:
    """Mark an outstanding action done today, with the completion note."""
    if action.status not in OUTSTANDING_STATUSES:
        raise ActionError("note", "This action is already closed: reopen it first")
    if not note and completion_note_required():
        raise CompletionNoteRequired()
    action.completion_note = note
    action.status = ActionStatus.DONE
    action.completed_on = today
    db.session.flush()


def reopen_action(action: Action) -> None:
    """Open a done or cancelled action again (the completion note is kept in the audit trail)."""
    if action.status in OUTSTANDING_STATUSES:
        raise ActionError("status", "This action is already open")
    action.status = ActionStatus.OPEN
    action.completed_on = None
    db.session.flush()


def add_update(action: Action, *, author: User, body: str) -> ActionUpdate:
    """Add a comment or progress update to an action."""
    update = ActionUpdate(action=action, author=author, body=body)
    db.session.add(update)
    db.session.flush()
    return update


@dataclass(frozen=True)
class BulkResult:
    """What a bulk update did: rows changed, and rows left alone because they changed meanwhile."""

    changed: list[Action]
    stale: list[Action]


def bulk_update(
    *,
    user: User,
    rows: dict[int, str],
    status: ActionStatus | None,
    responsible: User | None,
    due_on: date | None,
    today: date,
) -> BulkResult:
    """Change status, responsible officer and/or due date of several actions in one transaction.

    rows maps each ticked action id to the version the officer saw. Every row must be one the user
    may read, or the whole batch is refused (BulkRefused) and nothing changes. A row whose version
    moved on since the page was opened is left unchanged and reported in `stale`; the others change.
    The responsible officer is the owner of an action we owe, or the chaser of one a partner owes.
    Completing in bulk is refused when the team requires completion notes.
    """
    if status == ActionStatus.DONE and completion_note_required():
        raise CompletionNoteRequired("status")
    stmt = (
        select(Action)
        .where(Action.id.in_(list(rows)))
        .options(joinedload(Action.owner_user), joinedload(Action.chaser))
        .order_by(Action.id)
    )
    actions = list(db.session.scalars(visible(stmt, Action, user)))
    refused = sorted(set(rows) - {action.id for action in actions})
    if refused:
        raise BulkRefused(refused)
    changed, stale = [], []
    for action in actions:
        if str(action.version) != str(rows[action.id]).strip():
            stale.append(action)
            continue
        if status is not None and status != action.status:
            _set_status(action, status, today=today)
        if responsible is not None:
            if action.owner_organisation_id is not None:
                action.chaser = responsible
            else:
                action.owner_user = responsible
        if due_on is not None:
            action.due_on = due_on
        changed.append(action)
    db.session.flush()
    return BulkResult(changed=changed, stale=stale)
