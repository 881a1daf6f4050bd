"""/actions pages."""

from crm.actions import bp  # noqa: F401
