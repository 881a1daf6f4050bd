"""Organisations in the partnership, their other names and the tags that group them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models.base import Base, Timestamped, UTCDateTime, Versioned, str_enum

if TYPE_CHECKING:
    from crm.models.person import Person
    from crm.models.user import User


class Sector(enum.StrEnum):
    """The four sectors of the partnership."""

    TECHNOLOGY = "technology"
    LAW_ENFORCEMENT = "law-enforcement"
    CHARITY = "charity"
    GOVERNMENT = "government"

    @property
    def label(self) -> str:
        return {
            "technology": "Technology company",
            "law-enforcement": "Law enforcement",
            "charity": "Charity / child protection",
            "government": "Government team",
        }[self.value]


class RelationshipStatus(enum.StrEnum):
    """Where the relationship with an organisation stands."""

    ACTIVE = "active"
    DORMANT = "dormant"
    PROSPECTIVE = "prospective"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class AliasKind(enum.StrEnum):
    """Why an organisation has another name."""

    ALIAS = "alias"
    FORMER = "former"


organisation_tags = Table(
    "organisation_tags",
    Base.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(Timestamped, Base):
    """A free label officers attach to organisations (e.g. "end-to-end encryption")."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)

    def __repr__(self) -> str:
        return f"<Tag {self.name!r}>"


class Organisation(Versioned, Base):
    """A technology company, law-enforcement body, charity or government team."""

    __tablename__ = "organisations"
    __table_args__ = (
        # The list filters by sector and sorts by name.
        Index("ix_organisations_sector_name", "sector", "name"),
        # The list's default order: lower(name), id (case-insensitive, stable across pages).
        Index("ix_organisations_lower_name_id", text("lower(name)"), "id"),
        # The list's sector and status counts, read from the index alone (migration 0008).
        Index("ix_organisations_sector_status_archived", "sector", "relationship_status", "archived_at"),
        # An organisation's subsidiaries, by name (migration 0012).
        Index("ix_organisations_parent_id_name", "parent_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    sector: Mapped[Sector] = mapped_column(str_enum(Sector, "sector"))
    sub_type: Mapped[str] = mapped_column(String(100), default="", index=True)
    country: Mapped[str] = mapped_column(String(100), default="United Kingdom", index=True)
    website: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    relationship_status: Mapped[RelationshipStatus] = mapped_column(
        str_enum(RelationshipStatus, "relationship_status"),
        default=RelationshipStatus.ACTIVE,
        index=True,
    )
    lead_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # Organisations are archived, never deleted from the product.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    lead_officer: Mapped[User | None] = relationship()
    parent: Mapped[Organisation | None] = relationship(
        remote_side="Organisation.id", back_populates="children"
    )
    children: Mapped[list[Organisation]] = relationship(back_populates="parent", order_by="Organisation.name")
    aliases: Mapped[list[OrganisationAlias]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationAlias.name",
    )
    tags: Mapped[list[Tag]] = relationship(secondary=organisation_tags, order_by="Tag.name")
    people: Mapped[list[Person]] = relationship(back_populates="organisation", order_by="Person.name")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


class OrganisationAlias(Timestamped, Base):
    """Another name an organisation goes by, or used to."""

    __tablename__ = "organisation_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[AliasKind] = mapped_column(str_enum(AliasKind, "alias_kind"), default=AliasKind.ALIAS)

    organisation: Mapped[Organisation] = relationship(back_populates="aliases")
