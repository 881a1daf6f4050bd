"""/organisations pages."""

from crm.organisations import bp  # noqa: F401
