"""/scorecard pages, one module per sub-feature (each registers its routes on the blueprint)."""

from crm.scorecard.routes import commitment, coverage, frameworks, grid  # noqa: F401
