"""PostgreSQL: trigram indexes for global search's "contains" matches on people, contacts and actions.

Global search finds people, contacts (engagements) and actions whose text contains a word
(lower(column) LIKE '%word%'). Without an index that is a scan of every row (50-60 ms for the
engagements alone at 200,000 rows); pg_trgm's GIN indexes answer it in under a millisecond. The
indexes are on the same lower(...) expressions the queries use. SQLite scans: its LIKE is cheap
enough at the embedded database's sizes, and FTS5 trigram tables would double the file.

The indexes are named search_trgm_*: crm.services.organisations.search.include_name keeps
autogenerate from proposing to drop them (they are not in the models, which are portable).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (table, column): each gets search_trgm_<table>_<column> ON table USING gin (lower(column) gin_trgm_ops)
COLUMNS = [
    ("people", "name"),
    ("people", "email"),
    ("people", "job_title"),
    ("engagements", "title"),
    ("engagements", "summary"),
    ("actions", "title"),
    ("actions", "description"),
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in COLUMNS:
        op.execute(
            f"CREATE INDEX search_trgm_{table}_{column} ON {table} USING gin (lower({column}) gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS search_trgm_{table}_{column}")
