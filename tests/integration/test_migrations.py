"""The migrations build exactly the schema the models describe, on this database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from crm.extensions import db
from crm.models import FIVE_ASKS_KEY, Ask, Framework
from crm.services.organisations.search import include_name

# SQLAlchemy cannot reflect SQLite's expression indexes (lower(name)); it skips them with a warning.
# Both sides skip them there, so they are compared on PostgreSQL only.
skips_expression_indexes = pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning",
    "ignore:autogenerate skipping metadata-specified expression-based index:UserWarning",
)


@skips_expression_indexes
def test_models_and_migrations_agree(app):
    # The same comparison `flask db migrate` makes: any difference would mean a missing migration.
    with app.extensions["test_engine"].connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_five_asks_are_seeded_as_the_first_framework(app):
    framework = db.session.scalar(select(Framework).where(Framework.key == FIVE_ASKS_KEY))
    assert framework is not None
    asks = db.session.scalars(
        select(Ask).where(Ask.framework_id == framework.id).order_by(Ask.position)
    ).all()
    assert [ask.key for ask in asks] == [
        "block-upload",
        "stop-grooming",
        "live-streaming",
        "support-law-enforcement",
        "transparency",
    ]
    assert asks[0].title == "Block child sexual abuse material as soon as it is detected being uploaded"


def test_a_new_framework_gets_the_next_id(app):
    # The seed inserted id 1 explicitly; the sequence (on PostgreSQL) must have moved past it.
    framework = Framework(key="voluntary-principles-2020", name="Voluntary Principles (2020)")
    db.session.add(framework)
    db.session.commit()
    assert framework.id > 1


@skips_expression_indexes
def test_list_filters_and_foreign_keys_are_indexed(app):
    inspector = inspect(app.extensions["test_engine"])
    for table in inspector.get_table_names():
        indexed = {tuple(index["column_names"])[:1] for index in inspector.get_indexes(table)}
        primary = inspector.get_pk_constraint(table)["constrained_columns"]
        uniques = {tuple(u["column_names"])[:1] for u in inspector.get_unique_constraints(table)}
        for foreign_key in inspector.get_foreign_keys(table):
            column = tuple(foreign_key["constrained_columns"])[:1]
            covered = column in indexed or column in uniques or list(column) == primary[:1]
            assert covered, f"{table}.{column[0]} is a foreign key without an index"
    action_indexes = {tuple(index["column_names"]) for index in inspector.get_indexes("actions")}
    # The review's owner and chaser indexes lead with (officer, status, due date).
    for officer in ("owner_user_id", "chaser_id"):
        assert any(columns[:3] == (officer, "status", "due_on") for columns in action_indexes)
    assert ("status", "due_on") in action_indexes
    organisation_indexes = {tuple(index["column_names"]) for index in inspector.get_indexes("organisations")}
    assert ("sector", "name") in organisation_indexes
