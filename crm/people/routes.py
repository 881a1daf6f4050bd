"""/people pages."""

from crm.people import bp  # noqa: F401
