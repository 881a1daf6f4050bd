"""/reports pages."""

from crm.reports import bp  # noqa: F401
