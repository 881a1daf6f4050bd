"""Settings an admin changes without code, and markers such as "demo data loaded"."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.models.base import Base, Versioned


class Setting(Versioned, Base):
    """A named value (stored as text; services interpret it)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
