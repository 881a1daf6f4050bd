"""Each engagement link carries its engagement's start (migration 0013's triggers), and an
organisation's last contact is read from its links newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text

from crm.extensions import db
from crm.models import Organisation, engagement_organisations
from crm.services.organisations.listing import last_contact_expression
from crm.services.organisations.merging import merge_organisations
from tests import factories


def link_starts() -> dict[tuple[int, int], datetime | None]:
    link = engagement_organisations
    rows = db.session.execute(select(link.c.engagement_id, link.c.organisation_id, link.c.starts_at))
    return {(engagement_id, organisation_id): starts for engagement_id, organisation_id, starts in rows}


def test_every_writer_keeps_the_links_start_in_step(app_context):
    first, second, third = (factories.OrganisationFactory() for _ in range(3))
    started = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    engagement = factories.EngagementFactory(starts_at=started, organisations=[first, second])
    assert link_starts() == {(engagement.id, first.id): started, (engagement.id, second.id): started}

    moved = started + timedelta(days=3, hours=2)
    engagement.starts_at = moved
    engagement.organisations.append(third)
    db.session.commit()
    assert set(link_starts().values()) == {moved}
    assert len(link_starts()) == 3

    # A link written by plain SQL, not the ORM, takes the start too.
    other = factories.EngagementFactory(starts_at=started, organisations=[])
    link = insert(engagement_organisations).values(engagement_id=other.id, organisation_id=first.id)
    db.session.execute(link)
    db.session.commit()
    db.session.expire_all()  # as the next request would see it: other's organisations now hold first
    assert link_starts()[(other.id, first.id)] == started

    survivor = factories.OrganisationFactory()
    merge_organisations(survivor=survivor, loser=first, now=datetime.now(UTC))
    db.session.commit()
    starts = link_starts()
    assert starts[(engagement.id, survivor.id)] == moved
    assert starts[(other.id, survivor.id)] == started
    assert not [key for key in starts if key[1] == first.id]


def test_sqlite_reads_an_organisations_last_contact_from_its_newest_links(app_context):
    if db.session.get_bind().dialect.name != "sqlite":
        pytest.skip("a SQLite query plan; PostgreSQL's is checked by make bench")
    officer = factories.UserFactory()
    organisation = factories.OrganisationFactory()
    for days in (400, 30, 3):
        factories.EngagementFactory(
            starts_at=datetime.now(UTC) - timedelta(days=days), organisations=[organisation]
        )
    db.session.execute(text("ANALYZE"))
    now = datetime.now(UTC)
    stmt = select(Organisation.id, last_contact_expression(officer, now)).order_by(Organisation.id)
    compiled = stmt.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = [str(row[-1]) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
    link_step = next(step for step in plan if "engagement_organisations" in step)
    assert "ix_engagement_organisations_organisation_id_starts_at (organisation_id=? AND starts_at<?)" in (
        link_step
    ), plan
    assert not [step for step in plan if "TEMP B-TREE" in step], plan
    last = db.session.execute(stmt).all()
    assert last[0][1] is not None and now - last[0][1] < timedelta(days=3, minutes=1)
