"""Reading one action (within the access scope), its status history and the choices its forms offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.models import Action, ActionStatus, ActionUpdate, Ask, AuditEvent, Organisation, Person, User
from crm.services.access import visible


def get_action(action_id: int, *, user: User) -> Action | None:
    """The action with everything its page shows, or None when it does not exist or the user may
    not read it (the page then answers 404 either way)."""
    stmt = (
        select(Action)
        .where(Action.id == action_id)
        .options(
            joinedload(Action.owner_user),
            joinedload(Action.owner_organisation),
            joinedload(Action.owner_person),
            joinedload(Action.chaser),
            joinedload(Action.ask),
            joinedload(Action.engagement),
            joinedload(Action.access_team),
            joinedload(Action.created_by),
            selectinload(Action.organisations),
            selectinload(Action.updates).joinedload(ActionUpdate.author),
        )
    )
    return db.session.scalars(visible(stmt, Action, user)).unique().one_or_none()


@dataclass(frozen=True)
class StatusChange:
    """One entry of an action's status history, read from the audit trail."""

    occurred_at: datetime
    actor: User | None
    before: ActionStatus | None
    after: ActionStatus

    @property
    def description(self) -> str:
        if self.before is None:
            return f"Created as {self.after.label.lower()}"
        return f"{self.before.label} to {self.after.label.lower()}"


def status_history(action: Action) -> list[StatusChange]:
    """Status changes of the action, oldest first, from its audit events (create and updates)."""
    stmt = (
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == "Action",
            AuditEvent.entity_id == action.id,
            AuditEvent.event.in_(["create", "update"]),
        )
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    history = []
    for event in db.session.scalars(stmt):
        change = (event.changes or {}).get("status")
        if event.event == "create":
            after = _status(change if isinstance(change, str) else None) or ActionStatus.OPEN
            history.append(StatusChange(event.occurred_at, event.actor, None, after))
        elif isinstance(change, list) and len(change) == 2:
            before, after_status = _status(change[0]), _status(change[1])
            if after_status is not None:
                history.append(StatusChange(event.occurred_at, event.actor, before, after_status))
    return history


def _status(value: object) -> ActionStatus | None:
    try:
        return ActionStatus(str(value)) if value is not None else None
    except ValueError:
        return None


# --- Choices for the action forms -----------------------------------------------------------------


def organisation_choices() -> list[Organisation]:
    """Organisations an action can be linked to or owed by (not archived), by name."""
    stmt = select(Organisation).where(Organisation.archived_at.is_(None))
    return list(db.session.scalars(stmt.order_by(Organisation.name, Organisation.id)))


def person_choices() -> list[Person]:
    """People who can owe an action on behalf of their organisation (not erased), by name."""
    stmt = (
        select(Person)
        .where(Person.erased_at.is_(None), Person.organisation_id.is_not(None))
        .options(joinedload(Person.organisation))
        .order_by(Person.name, Person.id)
    )
    return list(db.session.scalars(stmt))


def ask_choices() -> list[Ask]:
    """Every ask of every framework, framework by framework, in order."""
    stmt = select(Ask).options(joinedload(Ask.framework)).order_by(Ask.framework_id, Ask.position, Ask.id)
    return list(db.session.scalars(stmt))


def organisation_by_id(organisation_id: int) -> Organisation | None:
    """An organisation (for the ?organisation= pre-fill of a new action)."""
    return db.session.get(Organisation, organisation_id)
