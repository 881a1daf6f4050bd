"""Two officers editing one record: the second save is refused, never a silent overwrite."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crm.extensions import db
from crm.models import Organisation
from tests import factories


def test_a_stale_edit_is_refused(app, connection):
    organisation = factories.OrganisationFactory(name="Harbourline Chat")
    assert organisation.version == 1

    # Another officer saves first, through a separate session on the same transaction.
    other = Session(bind=connection, join_transaction_mode="create_savepoint")
    theirs = other.get(Organisation, organisation.id)
    theirs.summary = "Their change"
    other.commit()
    other.close()

    organisation.summary = "My change"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Organisation, organisation.id).summary == "Their change"


def test_each_save_moves_the_version_on(app):
    organisation = factories.OrganisationFactory()
    organisation.summary = "First"
    db.session.commit()
    organisation.summary = "Second"
    db.session.commit()
    assert organisation.version == 3
