"""The organisation page's SQL finds its rows through the indexes meant for it, whatever the
statistics say (the data-size figures are in bench/RESULTS.md)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from crm.extensions import db
from crm.models import Organisation
from tests import factories


def test_sqlite_seeks_an_organisations_subsidiaries_by_parent(app_context):
    if db.session.get_bind().dialect.name != "sqlite":
        pytest.skip("a SQLite query plan; PostgreSQL's is checked by make bench")
    parent = factories.OrganisationFactory(name="Parent Group")
    factories.OrganisationFactory(name="Subsidiary", parent=parent)
    factories.OrganisationFactory.create_batch(200)  # no parent: one huge group in the statistics
    db.session.execute(text("ANALYZE organisations"))
    # How Organisation.children loads them (selectinload): by parent, in name order.
    stmt = select(Organisation).where(Organisation.parent_id.in_([parent.id])).order_by(Organisation.name)
    compiled = stmt.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = " ".join(str(row) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "ix_organisations_parent_id_name (parent_id=?)" in plan, plan
    assert [child.name for child in parent.children] == ["Subsidiary"]
