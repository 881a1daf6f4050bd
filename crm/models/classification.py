"""Government security classification markings carried by engagements and actions."""

import enum


class Classification(enum.StrEnum):
    """OFFICIAL by default; OFFICIAL-SENSITIVE records are seen only by their access group."""

    OFFICIAL = "official"
    OFFICIAL_SENSITIVE = "official-sensitive"

    @property
    def label(self) -> str:
        return self.value.upper()

    @classmethod
    def highest(cls, markings: "list[Classification]") -> "Classification":
        """The marking a page or export must show: the highest of what it contains."""
        return cls.OFFICIAL_SENSITIVE if cls.OFFICIAL_SENSITIVE in markings else cls.OFFICIAL
