"""Every change to an editable record is audited in the same transaction, with before and after."""

from __future__ import annotations

from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, Organisation, RelationshipStatus, Sector, Tag
from tests import factories


def _events(entity_type: str, entity_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
    )


def test_create_update_and_delete_are_recorded_with_values(app):
    organisation = Organisation(name="Kestrel Social", sector=Sector.TECHNOLOGY)
    db.session.add(organisation)
    db.session.commit()
    organisation.relationship_status = RelationshipStatus.DORMANT
    organisation.name = "Kestrel"
    db.session.commit()
    organisation_id = organisation.id
    db.session.delete(organisation)
    db.session.commit()

    created, updated, deleted = _events("Organisation", organisation_id)
    assert created.event == "create"
    assert created.changes["name"] == "Kestrel Social"
    assert created.changes["sector"] == "technology"
    assert updated.event == "update"
    assert updated.changes == {
        "name": ["Kestrel Social", "Kestrel"],
        "relationship_status": ["active", "dormant"],
    }
    assert deleted.event == "delete"
    assert deleted.changes["name"] == "Kestrel"


def test_collection_changes_record_the_ids_added_and_removed(app):
    organisation = factories.OrganisationFactory()
    tag = Tag(name="end-to-end encryption")
    organisation.tags.append(tag)
    db.session.commit()
    assert _events("Organisation", organisation.id)[-1].changes == {
        "tags": {"added": [tag.id], "removed": []}
    }


def test_a_rolled_back_change_leaves_no_audit_event(app):
    before = db.session.scalar(select(db.func.count()).select_from(AuditEvent))
    db.session.add(Organisation(name="Never saved", sector=Sector.CHARITY))
    db.session.flush()
    db.session.rollback()
    after = db.session.scalar(select(db.func.count()).select_from(AuditEvent))
    assert after == before


def test_secrets_never_reach_the_trail(app):
    user = factories.UserFactory()
    user.password_hash = "changed-hash"
    user.session_version += 1
    db.session.commit()
    for event in _events("User", user.id):
        assert "password_hash" not in event.changes
        assert "session_version" not in event.changes


def test_the_acting_user_is_recorded(app, officer):
    with app.test_request_context():
        from flask_login import login_user

        login_user(officer)
        db.session.add(Organisation(name="Lumen Video", sector=Sector.TECHNOLOGY))
        db.session.commit()
    event = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert event.actor_id == officer.id
