"""/calendar feeds."""

from crm.calendar import bp  # noqa: F401
