"""Indexes for the lists at scale, and planner statistics on SQLite.

- Drop the single-column indexes on engagements.classification and actions.classification: nine rows
  in ten are OFFICIAL, so they never narrow a query, and without statistics SQLite's planner read
  most of the table through them for the access clause (bench/RESULTS.md, finding 1).
- A partial index of outstanding actions in due order (due_on, id), for "everything outstanding,
  soonest first" across many owners (a team, an organisation).
- (lower(name), id) on organisations: the list's default order, so a page is read, not sorted.
- ANALYZE, so SQLite's planner has statistics from the start (PostgreSQL's autovacuum keeps its own).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OUTSTANDING = "status IN ('open', 'in-progress', 'blocked')"


def upgrade() -> None:
    op.drop_index("ix_engagements_classification", table_name="engagements")
    op.drop_index("ix_actions_classification", table_name="actions")
    op.create_index(
        "ix_actions_outstanding_due_on",
        "actions",
        ["due_on", "id"],
        sqlite_where=sa.text(OUTSTANDING),
        postgresql_where=sa.text(OUTSTANDING),
    )
    op.create_index("ix_organisations_lower_name_id", "organisations", [sa.text("lower(name)"), "id"])
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_organisations_lower_name_id", table_name="organisations")
    op.drop_index("ix_actions_outstanding_due_on", table_name="actions")
    op.create_index("ix_actions_classification", "actions", ["classification"])
    op.create_index("ix_engagements_classification", "engagements", ["classification"])
