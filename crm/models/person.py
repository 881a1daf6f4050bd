"""People: contacts at partner organisations (personal data: exportable and erasable)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models.base import Base, Timestamped, UTCDateTime, Versioned

if TYPE_CHECKING:
    from crm.models.organisation import Organisation


class Person(Versioned, Base):
    """A contact at an organisation. The organisation is the current one; history is kept apart."""

    __tablename__ = "people"
    # The people list's default order: lower(name), id (read in order, not sorted; migration 0006).
    __table_args__ = (Index("ix_people_lower_name_id", text("lower(name)"), "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    do_not_contact: Mapped[bool] = mapped_column(default=False)
    # Set when personal fields were removed for an erasure request; the row keeps links anonymised.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="PersonRole.started_on.desc()",
    )

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"


class PersonRole(Timestamped, Base):
    """A spell of a person at an organisation: moving organisation ends one and starts another."""

    __tablename__ = "person_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="roles")
    organisation: Mapped[Organisation] = relationship()
