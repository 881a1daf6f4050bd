"""Users of the product (officers, leads, viewers, admins) and the teams that form access groups."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models.base import Base, UTCDateTime, Versioned, str_enum


class Role(enum.StrEnum):
    """What a user may do. Each role includes the rights of the ones below it, except admin."""

    ADMIN = "admin"
    LEAD = "lead"
    OFFICER = "officer"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Team(Versioned, Base):
    """A team of officers; also the access group for OFFICIAL-SENSITIVE records."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")

    members: Mapped[list[User]] = relationship(back_populates="team", order_by="User.name")

    def __repr__(self) -> str:
        return f"<Team {self.id} {self.name!r}>"


class User(UserMixin, Versioned, Base):
    """Someone who signs in. Email is stored lower-case so sign-in is case-insensitive."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"), default=Role.OFFICER)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped to end every session of this user on the server (sign-out, password change, leaver).
    session_version: Mapped[int] = mapped_column(default=1)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Secret in the URL of the user's calendar feed; None when revoked or never issued.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Base32 TOTP secret once two-factor sign-in is set up.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The time step (30-second window) of the last code accepted: a code is good once only.
    totp_last_step: Mapped[int | None] = mapped_column()

    team: Mapped[Team | None] = relationship(back_populates="members")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in for inactive users
        return self.active

    def get_id(self) -> str:
        # The session carries the session version: bumping it invalidates every existing cookie.
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds one of the given roles (admins hold every role)."""
        return self.role == Role.ADMIN or self.role in roles

    @property
    def can_write(self) -> bool:
        """Officers, leads and admins change records; viewers only read."""
        return self.role != Role.VIEWER

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r} {self.role}>"
