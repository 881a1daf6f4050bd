"""(starts_at, classification, access_team_id) on engagements, in place of (starts_at).

Counting the contacts a reader may see in a date range (the dashboard's "this month against last",
report periods) read every contact in the range from the table to check its classification and
access team: 6,000 rows for two months at medium size, 15 ms on SQLite. With the access columns in
the date index the count reads the index alone (1.6 ms). The new index starts with starts_at, so it
serves everything the old one did.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_engagements_starts_at_access", "engagements", ["starts_at", "classification", "access_team_id"]
    )
    op.drop_index("ix_engagements_starts_at", table_name="engagements")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE engagements")


def downgrade() -> None:
    op.create_index("ix_engagements_starts_at", "engagements", ["starts_at"])
    op.drop_index("ix_engagements_starts_at_access", table_name="engagements")
