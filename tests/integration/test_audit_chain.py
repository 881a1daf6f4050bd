"""`flask audit verify` detects an audit row that was edited or deleted behind the product's back."""

from __future__ import annotations

from itertools import pairwise

from sqlalchemy import delete, func, select, update

from crm.extensions import db
from crm.models import AuditEvent, Organisation, Sector
from crm.services.audit import record_event
from crm.services.audit_chain import event_hash, verify_chain
from tests import factories


def _make_history() -> list[int]:
    organisation = Organisation(name="Lumen Video", sector=Sector.TECHNOLOGY)
    db.session.add(organisation)
    db.session.commit()
    organisation.summary = "Video sharing platform"
    record_event("export", entity=organisation, details={"rows": 1})
    db.session.commit()
    factories.OrganisationFactory()
    return list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def _run_verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_every_event_is_chained_to_the_one_before(app):
    ids = _make_history()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert len(ids) >= 4
    for previous, current in pairwise(events):
        assert current.prev_hash == previous.hash
        assert current.hash == event_hash(current, current.prev_hash)


def test_an_intact_trail_verifies(app):
    _make_history()
    result = _run_verify(app)
    assert result.exit_code == 0, result.output
    total = db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert f"OK: {total} events, chain intact." in result.output


def test_an_edited_row_is_caught(app):
    ids = _make_history()
    db.session.execute(update(AuditEvent).where(AuditEvent.id == ids[1]).values(event="nothing-to-see"))
    db.session.commit()
    _, problem = verify_chain(db.session)
    assert problem is not None and problem.event_id == ids[1]
    result = _run_verify(app)
    assert result.exit_code == 1
    assert f"audit event {ids[1]}" in result.output


def test_a_deleted_row_is_caught(app):
    ids = _make_history()
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == ids[1]))
    db.session.commit()
    _, problem = verify_chain(db.session)
    assert problem is not None and problem.event_id == ids[2]


def test_a_rolled_back_write_does_not_break_the_chain(app):
    _make_history()
    db.session.add(Organisation(name="Rolled back", sector=Sector.CHARITY))
    db.session.flush()
    db.session.rollback()
    factories.OrganisationFactory()
    assert verify_chain(db.session)[1] is None
