"""Actions: follow-ups owed by us (an officer) or by a partner (an organisation, chased by an officer)."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models.base import Base, Versioned, str_enum
from crm.models.classification import Classification

if TYPE_CHECKING:
    from crm.models.engagement import Engagement
    from crm.models.framework import Ask
    from crm.models.organisation import Organisation
    from crm.models.person import Person
    from crm.models.user import Team, User


class ActionStatus(enum.StrEnum):
    """Lifecycle of an action. Open, in progress and blocked count as outstanding."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def is_outstanding(self) -> bool:
        return self in OUTSTANDING_STATUSES


OUTSTANDING_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)
# The same, as SQL for partial indexes (the predicate a query must repeat for the index to apply).
OUTSTANDING_SQL = "status IN ('open', 'in-progress', 'blocked')"


class Priority(enum.StrEnum):
    """How urgent an action is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


action_organisations = Table(
    "action_organisations",
    Base.metadata,
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


# The columns the outstanding-actions review reads beside the owner or chaser (crm.services.actions).
_READ_BY_THE_REVIEW = (
    "status",
    "due_on",
    "priority",
    "owner_organisation_id",
    "ask_id",
    "classification",
    "access_team_id",
)


class Action(Versioned, Base):
    """A follow-up. Owed by us: owner_user is the officer. Owed by a partner: owner_organisation
    (optionally a person there) owes it, and chaser is the officer who chases it."""

    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint(
            "(owner_user_id IS NOT NULL AND owner_organisation_id IS NULL AND owner_person_id IS NULL)"
            " OR (owner_user_id IS NULL AND owner_organisation_id IS NOT NULL AND chaser_id IS NOT NULL)",
            name="owed_by_us_or_partner",
        ),
        # The outstanding-actions review filters by status and sorts by due date, per owner and chaser;
        # the owner and chaser indexes also hold what its counts and order read (migration 0010).
        Index("ix_actions_status_due_on", "status", "due_on"),
        Index("ix_actions_owner_review", "owner_user_id", *_READ_BY_THE_REVIEW),
        Index("ix_actions_chaser_review", "chaser_id", *_READ_BY_THE_REVIEW),
        # Outstanding actions are a third of the table at most: walking them in due order through this
        # partial index serves "everything outstanding, soonest first" (a team, an organisation).
        Index(
            "ix_actions_outstanding_due_on",
            "due_on",
            "id",
            sqlite_where=text(OUTSTANDING_SQL),
            postgresql_where=text(OUTSTANDING_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    priority: Mapped[Priority] = mapped_column(str_enum(Priority, "priority"), default=Priority.MEDIUM)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    chaser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    engagement_id: Mapped[int | None] = mapped_column(ForeignKey("engagements.id"), index=True)
    ask_id: Mapped[int | None] = mapped_column(ForeignKey("asks.id"), index=True)
    classification: Mapped[Classification] = mapped_column(
        # No index: most rows are OFFICIAL, so one would only tempt the planner into reading nearly
        # every row through it (migration 0003).
        str_enum(Classification, "classification"),
        default=Classification.OFFICIAL,
    )
    access_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    completion_note: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_user_id])
    owner_organisation: Mapped[Organisation | None] = relationship(foreign_keys=[owner_organisation_id])
    owner_person: Mapped[Person | None] = relationship()
    chaser: Mapped[User | None] = relationship(foreign_keys=[chaser_id])
    engagement: Mapped[Engagement | None] = relationship(back_populates="actions")
    ask: Mapped[Ask | None] = relationship()
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=action_organisations, order_by="Organisation.name"
    )
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.created_at", cascade="all, delete-orphan"
    )
    access_team: Mapped[Team | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def owed_by_partner(self) -> bool:
        return self.owner_organisation_id is not None

    def days_overdue(self, today: date) -> int:
        """Days past the due date for an outstanding action; 0 when not overdue."""
        if self.due_on is None or not self.status.is_outstanding or self.due_on >= today:
            return 0
        return (today - self.due_on).days

    def __repr__(self) -> str:
        return f"<Action {self.id} {self.status} {self.title!r}>"


class ActionUpdate(Versioned, Base):
    """A comment or progress update on an action (Versioned so that it is audited like any record)."""

    __tablename__ = "action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()
