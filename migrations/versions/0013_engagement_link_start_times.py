"""engagement_organisations.starts_at: each link carries its engagement's start, kept in step by
triggers, with an index on (organisation_id, starts_at) in place of (organisation_id).

An organisation's last contact (the organisations list's "Most recent contact" and "Longest without
contact" orders, its "No contact in the last N days" filter, its last contact column, the quiet
relationships report) is its latest engagement the reader may see. Without the start on the link,
finding it means reading every one of the organisation's engagements: sorting the list by it read
all 330,000 links at medium size (about 0.5 s on SQLite, ten times that at large). With it, the
index gives each organisation's engagements newest first, and the first the reader may see is the
answer (usually the first read).

The triggers keep the copy right whoever writes: a link inserted without a start takes its
engagement's; an engagement whose start changes moves its links' starts. (The demo data's bulk
load supplies the start itself, so the insert trigger does nothing for it.)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = {
    "engagement_organisations_take_start": """
        AFTER INSERT ON engagement_organisations FOR EACH ROW WHEN NEW.starts_at IS NULL
        BEGIN
            UPDATE engagement_organisations
            SET starts_at = (SELECT starts_at FROM engagements WHERE id = NEW.engagement_id)
            WHERE engagement_id = NEW.engagement_id AND organisation_id = NEW.organisation_id;
        END""",
    "engagements_move_link_starts": """
        AFTER UPDATE OF starts_at ON engagements FOR EACH ROW WHEN NEW.starts_at IS NOT OLD.starts_at
        BEGIN
            UPDATE engagement_organisations SET starts_at = NEW.starts_at WHERE engagement_id = NEW.id;
        END""",
}

POSTGRES_UPGRADE = """
CREATE FUNCTION engagement_link_take_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT starts_at INTO NEW.starts_at FROM engagements WHERE id = NEW.engagement_id;
    RETURN NEW;
END $$;

CREATE FUNCTION engagement_move_link_starts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE engagement_organisations SET starts_at = NEW.starts_at WHERE engagement_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER engagement_organisations_take_start
    BEFORE INSERT ON engagement_organisations
    FOR EACH ROW WHEN (NEW.starts_at IS NULL) EXECUTE FUNCTION engagement_link_take_start();
CREATE TRIGGER engagements_move_link_starts
    AFTER UPDATE OF starts_at ON engagements
    FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at)
    EXECUTE FUNCTION engagement_move_link_starts();
"""

POSTGRES_DOWNGRADE = """
DROP TRIGGER IF EXISTS engagements_move_link_starts ON engagements;
DROP TRIGGER IF EXISTS engagement_organisations_take_start ON engagement_organisations;
DROP FUNCTION IF EXISTS engagement_move_link_starts();
DROP FUNCTION IF EXISTS engagement_link_take_start();
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column(
        "engagement_organisations", sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True)
    )
    if dialect == "postgresql":
        op.execute(
            "UPDATE engagement_organisations AS link SET starts_at = engagements.starts_at"
            " FROM engagements WHERE engagements.id = link.engagement_id"
        )
        op.execute(POSTGRES_UPGRADE)
    else:
        op.execute(
            "UPDATE engagement_organisations SET starts_at ="
            " (SELECT starts_at FROM engagements WHERE engagements.id = engagement_organisations.engagement_id)"
        )
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    op.create_index(
        "ix_engagement_organisations_organisation_id_starts_at",
        "engagement_organisations",
        ["organisation_id", "starts_at"],
    )
    op.drop_index("ix_engagement_organisations_organisation_id", table_name="engagement_organisations")
    if dialect == "sqlite":
        op.execute("ANALYZE engagement_organisations")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_index(
        "ix_engagement_organisations_organisation_id", "engagement_organisations", ["organisation_id"]
    )
    op.drop_index(
        "ix_engagement_organisations_organisation_id_starts_at", table_name="engagement_organisations"
    )
    if dialect == "postgresql":
        op.execute(POSTGRES_DOWNGRADE)
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("engagement_organisations") as batch_op:
        batch_op.drop_column("starts_at")
