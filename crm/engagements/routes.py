"""/engagements pages."""

from crm.engagements import bp  # noqa: F401
