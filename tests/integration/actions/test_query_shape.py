"""The review's SQL keeps the shape its indexes need (the data-size figures are in bench/RESULTS.md)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from crm.extensions import db
from crm.models import Action
from crm.services.actions.filters import ActionFilters, Owner, conditions
from tests import factories


def test_outstanding_is_written_as_the_partial_index_predicate(app_context, today):
    officer = factories.UserFactory()
    stmt = select(Action.id).where(*conditions(ActionFilters(), user=officer, today=today).values())
    sql = str(stmt.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True}))
    assert "actions.status IN ('open', 'in-progress', 'blocked')" in sql
    # Not compared with 1 (as a typed Boolean would be on SQLite): that hides the predicate from
    # the partial index and the status column of the owner and chaser indexes.
    assert "'blocked') = 1" not in sql


@pytest.mark.parametrize("owner", [Owner.ME.value, Owner.TEAM.value])
def test_sqlite_seeks_the_owner_and_chaser_indexes_by_status(app_context, today, owner):
    if db.session.get_bind().dialect.name != "sqlite":
        pytest.skip("a SQLite query plan; PostgreSQL's is checked by make bench")
    officer = factories.UserFactory()
    filters = ActionFilters(owner=owner)
    stmt = select(Action.id).where(*conditions(filters, user=officer, today=today).values())
    compiled = stmt.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = " ".join(str(row) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "ix_actions_owner_review (owner_user_id=? AND status=?)" in plan
    assert "ix_actions_chaser_review (chaser_id=? AND status=?)" in plan
