"""users.totp_last_step: the time step of the last two-factor code accepted, so that a code
cannot be used twice (a replayed or shoulder-surfed code is refused).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("totp_last_step", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_last_step")
