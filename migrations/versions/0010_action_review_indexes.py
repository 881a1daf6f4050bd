"""The outstanding-actions review's owner and chaser indexes hold the columns the review reads.

The review (an officer's actions, a team's) finds the actions through the owner and chaser
indexes, then reads each one's priority, owing organisation, ask and access columns for its counts
and its order. With those columns in the indexes, SQLite reads them from the index instead of
fetching each action from the table: the team view's SQL at medium size (about 3,000 outstanding
actions) took 59 -> 37 ms, an officer's 19 -> 13 ms. The new indexes start with the old ones'
columns, so they serve everything those did.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29

"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

READ_BY_THE_REVIEW = [
    "status",
    "due_on",
    "priority",
    "owner_organisation_id",
    "ask_id",
    "classification",
    "access_team_id",
]


def upgrade() -> None:
    op.create_index("ix_actions_owner_review", "actions", ["owner_user_id", *READ_BY_THE_REVIEW])
    op.create_index("ix_actions_chaser_review", "actions", ["chaser_id", *READ_BY_THE_REVIEW])
    op.drop_index("ix_actions_owner_user_id_status_due_on", table_name="actions")
    op.drop_index("ix_actions_chaser_id_status_due_on", table_name="actions")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE actions")


def downgrade() -> None:
    op.create_index(
        "ix_actions_owner_user_id_status_due_on", "actions", ["owner_user_id", "status", "due_on"]
    )
    op.create_index("ix_actions_chaser_id_status_due_on", "actions", ["chaser_id", "status", "due_on"])
    op.drop_index("ix_actions_owner_review", table_name="actions")
    op.drop_index("ix_actions_chaser_review", table_name="actions")
