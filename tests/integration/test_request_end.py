"""How a request's transaction ends: a request that changed nothing commits (so PostgreSQL keeps
the statements psycopg prepared), anything else is rolled back unless the view committed it."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from crm.extensions import db
from crm.models import Organisation
from tests import factories


@pytest.fixture
def organisation(app_context) -> Organisation:
    organisation = factories.OrganisationFactory(name="Kestrel Systems")
    db.session.commit()
    return organisation


def _end_request(app: Flask, error: BaseException | None = None) -> None:
    """What Flask does after a view: the request's teardown, then the session's removal."""
    app.do_teardown_request(error)
    db.session.remove()


def _name_now(organisation_id: int) -> str:
    return db.session.scalar(select(Organisation.name).where(Organisation.id == organisation_id))


def test_a_request_that_only_read_ends_its_transaction_with_a_commit(app, organisation):
    with app.test_request_context("/organisations/"):
        db.session.scalar(select(Organisation.name).where(Organisation.id == organisation.id))
        committed = []
        db.event.listen(db.session(), "after_commit", committed.append)
        app.do_teardown_request(None)
        assert committed and not db.session().in_transaction()
        db.session.remove()


@pytest.mark.parametrize("flush", [False, True], ids=["unflushed", "flushed"])
def test_a_change_the_view_did_not_commit_is_never_saved(app, organisation, flush):
    with app.test_request_context("/organisations/"):
        db.session.get(Organisation, organisation.id).name = "Changed in passing"
        if flush:
            db.session.flush()
        _end_request(app)
    assert _name_now(organisation.id) == "Kestrel Systems"


def test_a_request_that_failed_is_rolled_back(app, organisation):
    with app.test_request_context("/organisations/"):
        db.session.get(Organisation, organisation.id).name = "Half a change"
        db.session.flush()
        _end_request(app, RuntimeError("the view failed"))
    assert _name_now(organisation.id) == "Kestrel Systems"


def test_a_change_the_view_committed_is_kept(app, organisation):
    with app.test_request_context("/organisations/"):
        db.session.get(Organisation, organisation.id).name = "Kestrel Systems Ltd"
        db.session.commit()
        _end_request(app)
    assert _name_now(organisation.id) == "Kestrel Systems Ltd"
