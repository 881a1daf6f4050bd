"""(parent_id, name) on organisations in place of (parent_id): an organisation's page lists its
subsidiaries by name from the index.

The page loads them with `WHERE parent_id IN (...) ORDER BY name`. Nearly every organisation has no
parent, so SQLite's statistics for the (parent_id) index counted the NULLs as one huge group (3,342
rows a value at medium size) and it chose to walk the name index over every organisation instead:
3.3 ms at medium size, ten times that at large. With the name in the index the rows come out in
order and SQLite seeks them (0.02 ms). The index still serves the parent_id foreign key.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_organisations_parent_id_name", "organisations", ["parent_id", "name"])
    op.drop_index("ix_organisations_parent_id", table_name="organisations")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE organisations")


def downgrade() -> None:
    op.create_index("ix_organisations_parent_id", "organisations", ["parent_id"])
    op.drop_index("ix_organisations_parent_id_name", table_name="organisations")
