"""Initial schema: every record of the partnership CRM, and the 2018 five asks as the first framework.

Revision ID: 0001
Revises:
Create Date: 2026-11-29

"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "frameworks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frameworks")),
        sa.UniqueConstraint("key", name=op.f("uq_frameworks_key")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["frameworks.id"],
            name=op.f("fk_asks_framework_id_frameworks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asks")),
        sa.UniqueConstraint("framework_id", "key", name=op.f("uq_asks_framework_id_key")),
        sa.UniqueConstraint("framework_id", "position", name=op.f("uq_asks_framework_id_position")),
    )
    with op.batch_alter_table("asks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asks_framework_id"), ["framework_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "lead",
                "officer",
                "viewer",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("calendar_token", sa.String(length=64), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_users_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("calendar_token", name=op.f("uq_users_calendar_token")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_team_id"), ["team_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index("ix_audit_events_entity", ["entity_type", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_event"), ["event"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting",
                "call",
                "email",
                "event",
                "visit",
                "letter",
                "other",
                name="engagement_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "classification",
            sa.Enum(
                "official",
                "official-sensitive",
                name="classification",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("access_team_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["access_team_id"],
            ["teams.id"],
            name=op.f("fk_engagements_access_team_id_teams"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_engagements_created_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagements")),
    )
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagements_access_team_id"),
            ["access_team_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_engagements_classification"),
            ["classification"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_engagements_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagements_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagements_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "sector",
            sa.Enum(
                "technology",
                "law-enforcement",
                "charity",
                "government",
                name="sector",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("sub_type", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "relationship_status",
            sa.Enum(
                "active",
                "dormant",
                "prospective",
                "closed",
                name="relationship_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("lead_officer_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_officer_id"],
            ["users.id"],
            name=op.f("fk_organisations_lead_officer_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_parent_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_archived_at"), ["archived_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_country"), ["country"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisations_lead_officer_id"),
            ["lead_officer_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_organisations_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisations_relationship_status"),
            ["relationship_status"],
            unique=False,
        )
        batch_op.create_index("ix_organisations_sector_name", ["sector", "name"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_sub_type"), ["sub_type"], unique=False)

    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("ask_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not-engaged",
                "in-discussion",
                "committed",
                "in-progress",
                "delivered",
                "declined",
                name="commitment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["ask_id"], ["asks.id"], name=op.f("fk_commitments_ask_id_asks")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_commitments_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        sa.UniqueConstraint(
            "organisation_id",
            "ask_id",
            name=op.f("uq_commitments_organisation_id_ask_id"),
        ),
    )
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitments_ask_id"), ["ask_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_commitments_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_commitments_status"), ["status"], unique=False)

    op.create_table(
        "engagement_asks",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("ask_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ask_id"],
            ["asks.id"],
            name=op.f("fk_engagement_asks_ask_id_asks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_asks_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", "ask_id", name=op.f("pk_engagement_asks")),
    )
    with op.batch_alter_table("engagement_asks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engagement_asks_ask_id"), ["ask_id"], unique=False)

    op.create_table(
        "engagement_officers",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_officers_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_engagement_officers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", "user_id", name=op.f("pk_engagement_officers")),
    )
    with op.batch_alter_table("engagement_officers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engagement_officers_user_id"), ["user_id"], unique=False)

    op.create_table(
        "engagement_organisations",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_organisations_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_engagement_organisations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", "organisation_id", name=op.f("pk_engagement_organisations")),
    )
    with op.batch_alter_table("engagement_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_organisations_organisation_id"),
            ["organisation_id"],
            unique=False,
        )

    op.create_table(
        "organisation_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "alias",
                "former",
                name="alias_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_aliases_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_aliases")),
    )
    with op.batch_alter_table("organisation_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_aliases_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisation_aliases_organisation_id"),
            ["organisation_id"],
            unique=False,
        )

    op.create_table(
        "organisation_tags",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_tags_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"],
            ["tags.id"],
            name=op.f("fk_organisation_tags_tag_id_tags"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "tag_id", name=op.f("pk_organisation_tags")),
    )
    with op.batch_alter_table("organisation_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_tags_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("do_not_contact", sa.Boolean(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_people_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in-progress",
                "blocked",
                "done",
                "cancelled",
                name="action_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "priority",
            sa.Enum(
                "low",
                "medium",
                "high",
                name="priority",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("owner_organisation_id", sa.Integer(), nullable=True),
        sa.Column("owner_person_id", sa.Integer(), nullable=True),
        sa.Column("chaser_id", sa.Integer(), nullable=True),
        sa.Column("engagement_id", sa.Integer(), nullable=True),
        sa.Column("ask_id", sa.Integer(), nullable=True),
        sa.Column(
            "classification",
            sa.Enum(
                "official",
                "official-sensitive",
                name="classification",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("access_team_id", sa.Integer(), nullable=True),
        sa.Column("completion_note", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(owner_user_id IS NOT NULL AND owner_organisation_id IS NULL AND owner_person_id IS NULL) OR (owner_user_id IS NULL AND owner_organisation_id IS NOT NULL AND chaser_id IS NOT NULL)",
            name=op.f("ck_actions_owed_by_us_or_partner"),
        ),
        sa.ForeignKeyConstraint(
            ["access_team_id"],
            ["teams.id"],
            name=op.f("fk_actions_access_team_id_teams"),
        ),
        sa.ForeignKeyConstraint(["ask_id"], ["asks.id"], name=op.f("fk_actions_ask_id_asks")),
        sa.ForeignKeyConstraint(["chaser_id"], ["users.id"], name=op.f("fk_actions_chaser_id_users")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_actions_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_actions_engagement_id_engagements"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_actions_owner_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_person_id"],
            ["people.id"],
            name=op.f("fk_actions_owner_person_id_people"),
        ),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"], name=op.f("fk_actions_owner_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_access_team_id"), ["access_team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_ask_id"), ["ask_id"], unique=False)
        batch_op.create_index(
            "ix_actions_chaser_id_status_due_on",
            ["chaser_id", "status", "due_on"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_actions_classification"), ["classification"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_engagement_id"), ["engagement_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_actions_owner_organisation_id"),
            ["owner_organisation_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_actions_owner_person_id"), ["owner_person_id"], unique=False)
        batch_op.create_index(
            "ix_actions_owner_user_id_status_due_on",
            ["owner_user_id", "status", "due_on"],
            unique=False,
        )
        batch_op.create_index("ix_actions_status_due_on", ["status", "due_on"], unique=False)

    op.create_table(
        "engagement_people",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_people_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_engagement_people_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", "person_id", name=op.f("pk_engagement_people")),
    )
    with op.batch_alter_table("engagement_people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engagement_people_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_person_roles_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_roles_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_roles")),
    )
    with op.batch_alter_table("person_roles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_roles_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_person_roles_person_id"), ["person_id"], unique=False)

    op.create_table(
        "action_organisations",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_organisations_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_action_organisations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "organisation_id", name=op.f("pk_action_organisations")),
    )
    with op.batch_alter_table("action_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_organisations_organisation_id"),
            ["organisation_id"],
            unique=False,
        )

    op.create_table(
        "action_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_updates_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_action_updates_author_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_updates")),
    )
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_updates_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_updates_author_id"), ["author_id"], unique=False)

    seed_five_asks()


FIVE_ASKS = [
    (
        "block-upload",
        "Block child sexual abuse material as soon as it is detected being uploaded",
    ),
    ("stop-grooming", "Stop child grooming taking place on their platforms"),
    ("live-streaming", "Work with government to shut down live-streamed child abuse"),
    (
        "support-law-enforcement",
        "Be much more forward-leaning in helping law enforcement deal with these crimes",
    ),
    (
        "transparency",
        "Greater openness and transparency, and a willingness to share best practice and technology "
        "between companies",
    ),
]


def seed_five_asks():
    """The Home Secretary's five asks of technology companies (September 2018): the first framework."""
    now = datetime.now(UTC)
    frameworks = sa.table(
        "frameworks",
        sa.column("id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("name", sa.String),
        sa.column("published_on", sa.Date),
        sa.column("description", sa.Text),
        sa.column("version", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    asks = sa.table(
        "asks",
        sa.column("framework_id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("position", sa.Integer),
        sa.column("title", sa.String),
        sa.column("description", sa.Text),
        sa.column("version", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        frameworks,
        [
            {
                "id": 1,
                "key": "home-secretary-2018",
                "name": "Home Secretary's five asks (2018)",
                "published_on": date(2018, 9, 3),
                "description": "What the Home Secretary expects of technology companies in the partnership against "
                "online child sexual abuse, set out in September 2018.",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    op.bulk_insert(
        asks,
        [
            {
                "framework_id": 1,
                "key": key,
                "position": position,
                "title": title,
                "description": "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for position, (key, title) in enumerate(FIVE_ASKS, start=1)
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        # The explicit id 1 leaves the sequence behind; the next framework an admin adds needs id 2.
        op.execute("SELECT setval(pg_get_serial_sequence('frameworks', 'id'), 1)")


def downgrade():
    with op.batch_alter_table("action_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_organisations_organisation_id"))

    op.drop_table("action_organisations")
    with op.batch_alter_table("person_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_roles_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_roles_organisation_id"))

    op.drop_table("person_roles")
    with op.batch_alter_table("engagement_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_people_person_id"))

    op.drop_table("engagement_people")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_status_due_on")
        batch_op.drop_index("ix_actions_owner_user_id_status_due_on")
        batch_op.drop_index(batch_op.f("ix_actions_owner_person_id"))
        batch_op.drop_index(batch_op.f("ix_actions_owner_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_actions_engagement_id"))
        batch_op.drop_index(batch_op.f("ix_actions_due_on"))
        batch_op.drop_index(batch_op.f("ix_actions_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_actions_classification"))
        batch_op.drop_index("ix_actions_chaser_id_status_due_on")
        batch_op.drop_index(batch_op.f("ix_actions_ask_id"))
        batch_op.drop_index(batch_op.f("ix_actions_access_team_id"))

    op.drop_table("action_updates")
    op.drop_table("actions")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_people_name"))
        batch_op.drop_index(batch_op.f("ix_people_email"))

    op.drop_table("people")
    with op.batch_alter_table("organisation_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_tags_tag_id"))

    op.drop_table("organisation_tags")
    with op.batch_alter_table("organisation_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_aliases_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_aliases_name"))

    op.drop_table("organisation_aliases")
    with op.batch_alter_table("engagement_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_organisations_organisation_id"))

    op.drop_table("engagement_organisations")
    with op.batch_alter_table("engagement_officers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_officers_user_id"))

    op.drop_table("engagement_officers")
    with op.batch_alter_table("engagement_asks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_asks_ask_id"))

    op.drop_table("engagement_asks")
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitments_status"))
        batch_op.drop_index(batch_op.f("ix_commitments_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_commitments_ask_id"))

    op.drop_table("commitments")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_sub_type"))
        batch_op.drop_index("ix_organisations_sector_name")
        batch_op.drop_index(batch_op.f("ix_organisations_relationship_status"))
        batch_op.drop_index(batch_op.f("ix_organisations_parent_id"))
        batch_op.drop_index(batch_op.f("ix_organisations_name"))
        batch_op.drop_index(batch_op.f("ix_organisations_lead_officer_id"))
        batch_op.drop_index(batch_op.f("ix_organisations_country"))
        batch_op.drop_index(batch_op.f("ix_organisations_archived_at"))

    op.drop_table("organisations")
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagements_starts_at"))
        batch_op.drop_index(batch_op.f("ix_engagements_kind"))
        batch_op.drop_index(batch_op.f("ix_engagements_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_engagements_classification"))
        batch_op.drop_index(batch_op.f("ix_engagements_access_team_id"))

    op.drop_table("engagements")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_event"))
        batch_op.drop_index("ix_audit_events_entity")
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_id"))

    op.drop_table("audit_events")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_team_id"))

    op.drop_table("users")
    with op.batch_alter_table("asks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asks_framework_id"))

    op.drop_table("asks")
    op.drop_table("teams")
    op.drop_table("tags")
    op.drop_table("settings")
    op.drop_table("frameworks")
