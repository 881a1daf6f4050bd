"""SQLite: trigram indexes for the "contains" searches on people, contacts and actions.

The people list's search and global search find people, contacts (engagements) and actions whose
text contains each word. Without an index SQLite scans every row for each query (about 30 ms for
50,000 people and 50-60 ms for 200,000 contacts, twice per page: the rows and their total). FTS5
tables with the trigram tokenizer answer "contains this word" from an index for words of three
or more characters (crm.services.text_search); PostgreSQL has had pg_trgm indexes for the same
columns since migration 0005.

The tables are external-content (content='people' ...): they hold only the index, not a second
copy of the text, and each table's triggers give FTS5 the exact old values it needs to delete a
row. They are named search_trgm_* so that autogenerate leaves them alone
(crm.services.organisations.search.include_name). Note for later migrations: a batch ("move and
copy") migration of people, engagements or actions drops these triggers with the old table; re-run
this revision's trigger DDL and a 'rebuild' afterwards.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# table -> the text columns its index covers (crm.services.text_search.INDEXED_COLUMNS must agree)
TABLES = {
    "people": ("name", "email", "job_title"),
    "engagements": ("title", "summary"),
    "actions": ("title", "description"),
}


def _statements(table: str, columns: tuple[str, ...]) -> list[str]:
    """The index, its triggers and its first fill for one table (names from TABLES above, never input)."""
    index = f"search_trgm_{table}"
    names = ", ".join(columns)
    new = ", ".join(f"NEW.{column}" for column in columns)
    old = ", ".join(f"OLD.{column}" for column in columns)
    add = f"INSERT INTO {index} (rowid, {names}) VALUES (NEW.id, {new});"  # noqa: S608
    remove = f"INSERT INTO {index} ({index}, rowid, {names}) VALUES ('delete', OLD.id, {old});"  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({names},"
        f" content = '{table}', content_rowid = 'id', tokenize = 'trigram')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END",
        # Index the rows that already exist.
        f"INSERT INTO {index} ({index}) VALUES ('rebuild')",  # noqa: S608
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in TABLES.items():
        for statement in _statements(table, columns):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS search_trgm_{table}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS search_trgm_{table}")
