"""Engagements: the contact log. Each is one meeting, call, email... with any number of partners."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models.base import Base, UTCDateTime, Versioned, str_enum
from crm.models.classification import Classification

if TYPE_CHECKING:
    from crm.models.action import Action
    from crm.models.framework import Ask
    from crm.models.organisation import Organisation
    from crm.models.person import Person
    from crm.models.user import Team, User


class EngagementKind(enum.StrEnum):
    """How the contact happened."""

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    EVENT = "event"
    VISIT = "visit"
    LETTER = "letter"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def _link_table(name: str, other: str, other_table: str, *, with_start: bool = False) -> Table:
    """An association between engagements and another record; indexed both ways for timelines.

    with_start: each link also carries its engagement's start, copied by triggers (migration 0013)
    and indexed after the other record's id, so that the record's engagements come newest first
    from the index (an organisation's last contact is then read, not found among all of them)."""
    started: tuple[Column[Any] | Index, ...] = ()
    if with_start:
        started = (
            Column("starts_at", UTCDateTime()),
            Index(f"ix_{name}_{other}_starts_at", other, "starts_at"),
        )
    return Table(
        name,
        Base.metadata,
        Column("engagement_id", ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
        Column(
            other, ForeignKey(f"{other_table}.id", ondelete="CASCADE"), primary_key=True, index=not with_start
        ),
        *started,
    )


engagement_organisations = _link_table(
    "engagement_organisations", "organisation_id", "organisations", with_start=True
)
engagement_people = _link_table("engagement_people", "person_id", "people")
engagement_officers = _link_table("engagement_officers", "user_id", "users")
engagement_asks = _link_table("engagement_asks", "ask_id", "asks")


class Engagement(Versioned, Base):
    """One contact between officers and stakeholders; a meeting is an engagement of kind meeting."""

    __tablename__ = "engagements"
    __table_args__ = (
        # Date ranges (timelines, the dashboard's months, reports) with the access scope's columns,
        # so counting the contacts a reader may see in a range reads the index alone (migration 0009).
        Index("ix_engagements_starts_at_access", "starts_at", "classification", "access_team_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EngagementKind] = mapped_column(str_enum(EngagementKind, "engagement_kind"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[Classification] = mapped_column(
        # No index: most rows are OFFICIAL (see Action.classification).
        str_enum(Classification, "classification"),
        default=Classification.OFFICIAL,
    )
    # The team that may see the record when it is OFFICIAL-SENSITIVE.
    access_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    organisations: Mapped[list[Organisation]] = relationship(
        secondary=engagement_organisations, order_by="Organisation.name"
    )
    people: Mapped[list[Person]] = relationship(secondary=engagement_people, order_by="Person.name")
    officers: Mapped[list[User]] = relationship(secondary=engagement_officers, order_by="User.name")
    asks: Mapped[list[Ask]] = relationship(secondary=engagement_asks, order_by="Ask.position")
    access_team: Mapped[Team | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    actions: Mapped[list[Action]] = relationship(back_populates="engagement", order_by="Action.id")

    def __repr__(self) -> str:
        return f"<Engagement {self.id} {self.kind} {self.title!r}>"
