"""How a request's transaction ends: a GET that changed nothing commits (so PostgreSQL keeps the
statements psycopg prepared); anything else is rolled back unless the view committed it.

Each test below fails if one of the conditions in crm.services.database.register_request_end is
taken away: the changes used are ones the audit trail does not record (a sign-in time, a SQL
UPDATE), so that no audit event pending in the session hides a missing condition.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import event, select, update

from crm.extensions import db
from crm.models import Organisation, User
from tests import factories

SIGNED_IN_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def officer(app_context) -> User:
    officer = factories.UserFactory(last_sign_in_at=None)
    db.session.commit()
    return officer


@contextmanager
def request(app: Flask, method: str = "GET", error: BaseException | None = None) -> Iterator[list[object]]:
    """A request's context; yields the commits its end makes. Ends as Flask ends a request: the
    request's teardown, then the session's removal (which rolls back whatever was not committed)."""
    commits: list[object] = []
    with app.test_request_context("/organisations/", method=method):
        event.listen(db.session(), "after_commit", commits.append)
        yield commits
        app.do_teardown_request(error)
        db.session.remove()


def _signed_in_at(officer: User) -> datetime | None:
    return db.session.scalar(select(User.last_sign_in_at).where(User.id == officer.id))


def test_a_get_that_only_read_ends_its_transaction_with_a_commit(app, officer):
    with request(app) as commits:
        db.session.scalar(select(User.name).where(User.id == officer.id))
    assert len(commits) == 1


def test_a_change_left_unflushed_is_never_saved(app, officer):
    with request(app):
        db.session.get(User, officer.id).last_sign_in_at = SIGNED_IN_AT
    assert _signed_in_at(officer) is None


def test_a_change_flushed_but_not_committed_is_never_saved(app, officer):
    with request(app):
        db.session.get(User, officer.id).last_sign_in_at = SIGNED_IN_AT
        db.session.flush()
    assert _signed_in_at(officer) is None


def test_an_update_statement_not_committed_is_never_saved(app, officer):
    with request(app):
        db.session.execute(update(User).where(User.id == officer.id).values(last_sign_in_at=SIGNED_IN_AT))
    assert _signed_in_at(officer) is None


def test_a_request_that_failed_is_rolled_back(app, officer):
    with request(app, error=RuntimeError("the view failed")) as commits:
        db.session.scalar(select(User.name).where(User.id == officer.id))
    assert commits == []


def test_a_request_that_may_write_is_left_to_commit_what_it_saves(app, officer):
    with request(app, method="POST") as commits:
        db.session.scalar(select(User.name).where(User.id == officer.id))
    assert commits == []


def test_a_change_the_view_committed_is_kept(app, app_context):
    organisation = factories.OrganisationFactory(name="Kestrel Systems")
    db.session.commit()
    with request(app):
        db.session.get(Organisation, organisation.id).name = "Kestrel Systems Ltd"
        db.session.commit()
    assert db.session.scalar(select(Organisation.name).where(Organisation.id == organisation.id)) == (
        "Kestrel Systems Ltd"
    )


@pytest.mark.parametrize("flush", [False, True], ids=["unflushed", "flushed"])
def test_an_audited_change_the_view_did_not_commit_is_never_saved(app, app_context, flush):
    organisation = factories.OrganisationFactory(name="Kestrel Systems")
    db.session.commit()
    with request(app):
        db.session.get(Organisation, organisation.id).name = "Changed in passing"
        if flush:
            db.session.flush()
    assert db.session.scalar(select(Organisation.name).where(Organisation.id == organisation.id)) == (
        "Kestrel Systems"
    )


def test_a_failed_request_s_flushed_change_is_rolled_back(app, app_context):
    organisation = factories.OrganisationFactory(name="Kestrel Systems")
    db.session.commit()
    with request(app, error=RuntimeError("the view failed")):
        db.session.get(Organisation, organisation.id).name = "Half a change"
        db.session.flush()
    assert db.session.scalar(select(Organisation.name).where(Organisation.id == organisation.id)) == (
        "Kestrel Systems"
    )
