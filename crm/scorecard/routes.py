"""/scorecard pages."""

from crm.scorecard import bp  # noqa: F401
