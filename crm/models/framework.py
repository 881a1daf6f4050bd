"""Frameworks of asks of technology companies, and where each organisation stands on each ask."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models.base import Base, Versioned, str_enum

if TYPE_CHECKING:
    from crm.models.organisation import Organisation

# The key of the first framework, seeded by the initial migration: the Home Secretary's five asks.
FIVE_ASKS_KEY = "home-secretary-2018"


class Framework(Versioned, Base):
    """A dated set of asks of companies (the 2018 five asks; later ones added by an admin)."""

    __tablename__ = "frameworks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    published_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")

    asks: Mapped[list[Ask]] = relationship(
        back_populates="framework", order_by="Ask.position", cascade="all, delete-orphan"
    )


class Ask(Versioned, Base):
    """One thing a framework asks of companies."""

    __tablename__ = "asks"
    __table_args__ = (
        UniqueConstraint("framework_id", "key"),
        UniqueConstraint("framework_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    framework: Mapped[Framework] = relationship(back_populates="asks")

    def __repr__(self) -> str:
        return f"<Ask {self.key}>"


class CommitmentStatus(enum.StrEnum):
    """Where an organisation stands on an ask, from first contact to delivery."""

    NOT_ENGAGED = "not-engaged"
    IN_DISCUSSION = "in-discussion"
    COMMITTED = "committed"
    IN_PROGRESS = "in-progress"
    DELIVERED = "delivered"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class Commitment(Versioned, Base):
    """One organisation's position on one ask: a cell of the scorecard."""

    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("organisation_id", "ask_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    ask_id: Mapped[int] = mapped_column(ForeignKey("asks.id"), index=True)
    status: Mapped[CommitmentStatus] = mapped_column(
        str_enum(CommitmentStatus, "commitment_status"),
        default=CommitmentStatus.NOT_ENGAGED,
        index=True,
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    last_reviewed_on: Mapped[date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship()
    ask: Mapped[Ask] = relationship()
