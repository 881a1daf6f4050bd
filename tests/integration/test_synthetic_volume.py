"""`flask demo load --size ...` adds benchmark volume in bulk, on both databases."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from crm.demo import synthetic
from crm.extensions import db
from crm.models import OUTSTANDING_STATUSES, Action, Engagement, Organisation, Person, Sector, User
from crm.services import text_search
from crm.timezones import london_today
from tests import factories

TINY = synthetic.Size(organisations=40, people=120, engagements=400, actions=600, officers=20)


def _matching(model, word: str) -> list[int]:
    return list(db.session.scalars(select(model.id).where(*text_search.every_word_in(model, (word,)))))


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def test_volume_is_added_with_realistic_shapes(app, monkeypatch):
    monkeypatch.setitem(synthetic.SIZES, "medium", TINY)
    result = app.test_cli_runner().invoke(
        args=["demo", "load", "--size", "medium"], env={"CRM_DEMO_PASSWORD": "x" * 16}
    )
    assert result.exit_code == 0, result.output
    assert "Adding medium volume" in result.output

    assert (
        _count(select(Organisation.id).where(Organisation.summary.like("Synthetic%"))) == TINY.organisations
    )
    assert _count(select(Person.id).where(Person.email.like("%@synthetic.example.org"))) == TINY.people
    assert _count(select(Engagement.id).where(Engagement.title.like("Synthetic%"))) == TINY.engagements
    synthetic_actions = select(Action).where(Action.title.like("Synthetic%"))
    assert _count(synthetic_actions) == TINY.actions
    overdue = _count(
        synthetic_actions.where(Action.status.in_(OUTSTANDING_STATUSES), Action.due_on < london_today())
    )
    assert 0.05 * TINY.actions < overdue < 0.15 * TINY.actions

    # Names are words a person would type: every synthetic name ends in a sector word after a space.
    names = db.session.scalars(select(Organisation.name).where(Organisation.summary.like("Synthetic%"))).all()
    suffixes = {suffix.split()[0] for suffixes in synthetic._SUFFIXES.values() for suffix in suffixes}
    for name in names:
        assert set(name.split()) & suffixes, f"{name!r} runs its words together"

    # The work is spread over the officers added, in teams: nobody answers for most of it.
    officers = db.session.scalars(select(User).where(User.email.like("%@synthetic.example.org"))).all()
    assert len(officers) == TINY.officers
    assert len({officer.team_id for officer in officers}) == TINY.officers // synthetic.OFFICERS_PER_TEAM
    answerable = func.coalesce(Action.owner_user_id, Action.chaser_id)
    busiest = (
        db.session.execute(
            select(func.count())
            .where(Action.title.like("Synthetic%"))
            .group_by(answerable)
            .order_by(func.count().desc())
        )
        .scalars()
        .first()
    )
    assert busiest < TINY.actions / 10

    # Skewed: the busiest organisation has far more engagements than the typical one.
    from crm.models import engagement_organisations as links

    per_org = (
        db.session.execute(
            select(func.count())
            .select_from(links)
            .group_by(links.c.organisation_id)
            .order_by(func.count().desc())
        )
        .scalars()
        .all()
    )
    assert per_org[0] > 10 * per_org[len(per_org) // 2]
    # Each link carries its engagement's start (written by the load; migration 0013's trigger skips it).
    out_of_step = (
        select(func.count())
        .select_from(links)
        .join(Engagement, Engagement.id == links.c.engagement_id)
        .where(or_(links.c.starts_at.is_(None), links.c.starts_at != Engagement.starts_at))
    )
    assert db.session.scalar(out_of_step) == 0

    # New records still get fresh ids after the explicit ones (PostgreSQL sequences moved on).
    organisation = Organisation(name="Added afterwards", sector=Sector.CHARITY)
    db.session.add(organisation)
    db.session.commit()
    assert organisation.id > TINY.organisations

    # The contains-search indexes hold the bulk rows (on SQLite they are rebuilt once at the end of
    # the load, their triggers off meanwhile) and still follow writes made afterwards.
    person = db.session.scalars(select(Person).where(Person.email.like("%@synthetic.example.org"))).first()
    local_part = person.email.split("@")[0].lower()
    assert person.id in _matching(Person, local_part)
    action = db.session.scalars(synthetic_actions).first()
    assert action.id in _matching(Action, action.title.lower())
    later = factories.PersonFactory(name="Zarathustra Quillon")
    assert _matching(Person, "quillon") == [later.id]

    again = app.test_cli_runner().invoke(
        args=["demo", "load", "--size", "medium"], env={"CRM_DEMO_PASSWORD": "x" * 16}
    )
    assert "already loaded" in again.output
