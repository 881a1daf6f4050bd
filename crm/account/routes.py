"""/account pages."""

from crm.account import bp  # noqa: F401
