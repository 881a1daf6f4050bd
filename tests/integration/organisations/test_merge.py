"""Merging a duplicate organisation into the record that stays (admins only)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import (
    Action,
    AliasKind,
    AuditEvent,
    Commitment,
    CommitmentStatus,
    Engagement,
    Organisation,
    Person,
    PersonRole,
)
from tests import factories
from tests.html import page, text_of

from .conftest import fresh


@pytest.fixture
def pair(make_organisation, officer):
    survivor = make_organisation("Kestrel Systems", aliases=["KSL"], tags=["encryption"])
    loser = make_organisation(
        "Kestrel Systems (duplicate)",
        aliases=["KSL", "Kestrel Sys"],
        former=["Hawk Messaging"],
        tags=["encryption", "livestreaming"],
        website="https://kestrel.example.org",
        lead_officer=officer,
    )
    asks = factories.five_asks()
    person = factories.PersonFactory(name="Ada Quigley", organisation=loser)
    role = PersonRole(person=person, organisation=loser, job_title="Head of Trust")
    db.session.add(role)
    db.session.commit()
    shared = factories.EngagementFactory(title="Joint meeting", organisations=[survivor, loser])
    only_loser = factories.EngagementFactory(title="Loser call", organisations=[loser])
    owed = factories.ActionFactory(title="Owed by loser", owner_organisation=loser, chaser=officer)
    named = factories.ActionFactory(title="Names both", owner_user=officer, organisations=[survivor, loser])
    factories.CommitmentFactory(
        organisation=survivor,
        ask=asks[0],
        status=CommitmentStatus.IN_DISCUSSION,
        last_reviewed_on=date(2025, 1, 1),
        notes="Survivor notes",
    )
    factories.CommitmentFactory(
        organisation=loser,
        ask=asks[0],
        status=CommitmentStatus.COMMITTED,
        last_reviewed_on=date(2026, 6, 1),
        notes="Loser notes",
    )
    factories.CommitmentFactory(organisation=loser, ask=asks[1], status=CommitmentStatus.DELIVERED)
    factories.CommitmentFactory(
        organisation=survivor,
        ask=asks[2],
        status=CommitmentStatus.DECLINED,
        last_reviewed_on=date(2026, 1, 1),
    )
    factories.CommitmentFactory(
        organisation=loser, ask=asks[2], status=CommitmentStatus.DELIVERED, last_reviewed_on=date(2024, 1, 1)
    )
    child = make_organisation("Kestrel Kids", parent=loser)
    return {
        "survivor": survivor,
        "loser": loser,
        "person": person,
        "role": role,
        "shared": shared,
        "only_loser": only_loser,
        "owed": owed,
        "named": named,
        "child": child,
        "asks": asks,
    }


def _merge(admin_client, survivor, loser):
    choose = admin_client.post(
        f"/organisations/{loser.id}/merge", data={"other_id": str(survivor.id), "keep": "other"}
    )
    assert "Merge Kestrel Systems (duplicate) into Kestrel Systems?" in text_of(choose, "h1")
    form = page(choose).select_one("form#organisation-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    return admin_client.post(form["action"], data=data)


def test_the_confirmation_page_says_what_will_move(admin_client, pair):
    response = admin_client.post(
        f"/organisations/{pair['loser'].id}/merge",
        data={"other_id": str(pair["survivor"].id), "keep": "other"},
    )
    summary = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in page(response).select("#merge-summary .govuk-summary-list__row")
    }
    assert summary["Stays"] == "Kestrel Systems"
    assert summary["Goes (archived)"] == "Kestrel Systems (duplicate)"
    assert summary["People moving"] == "1"
    assert summary["Contacts moving"] == "2"
    assert summary["Actions moving"] == "2"
    assert summary["Scorecard positions"] == "3"
    assert summary["Parts moving"] == "1"
    assert summary["Tags added"] == "1"
    # Nothing has happened yet.
    assert fresh(Organisation, pair["loser"].id).archived_at is None


def test_merge_moves_everything_and_leaves_an_alias(admin_client, pair):
    survivor, loser = pair["survivor"], pair["loser"]
    response = _merge(admin_client, survivor, loser)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organisations/{survivor.id}")
    db.session.expire_all()

    assert fresh(Person, pair["person"].id).organisation_id == survivor.id
    assert db.session.get(PersonRole, pair["role"].id).organisation_id == survivor.id
    assert [o.id for o in db.session.get(Engagement, pair["shared"].id).organisations] == [survivor.id]
    assert [o.id for o in db.session.get(Engagement, pair["only_loser"].id).organisations] == [survivor.id]
    assert db.session.get(Action, pair["owed"].id).owner_organisation_id == survivor.id
    assert [o.id for o in db.session.get(Action, pair["named"].id).organisations] == [survivor.id]
    assert db.session.get(Organisation, pair["child"].id).parent_id == survivor.id

    commitments = {
        c.ask_id: c
        for c in db.session.scalars(select(Commitment).where(Commitment.organisation_id == survivor.id))
    }
    asks = pair["asks"]
    assert set(commitments) == {asks[0].id, asks[1].id, asks[2].id}
    # Clash on ask 0: the loser's was reviewed later, so its position wins; both notes are kept.
    assert commitments[asks[0].id].status == CommitmentStatus.COMMITTED
    assert commitments[asks[0].id].last_reviewed_on == date(2026, 6, 1)
    assert (
        "Loser notes" in commitments[asks[0].id].notes and "Survivor notes" in commitments[asks[0].id].notes
    )
    assert commitments[asks[1].id].status == CommitmentStatus.DELIVERED  # only the loser had one
    assert commitments[asks[2].id].status == CommitmentStatus.DECLINED  # the survivor's was newer
    assert db.session.scalar(select(Commitment).where(Commitment.organisation_id == loser.id)) is None

    merged = db.session.get(Organisation, survivor.id)
    assert sorted((a.name, a.kind) for a in merged.aliases) == [
        ("Hawk Messaging", AliasKind.FORMER),
        ("KSL", AliasKind.ALIAS),
        ("Kestrel Sys", AliasKind.ALIAS),
        ("Kestrel Systems (duplicate)", AliasKind.ALIAS),
    ]
    assert sorted(tag.name for tag in merged.tags) == ["encryption", "livestreaming"]
    assert merged.website == "https://kestrel.example.org"  # filled a blank
    assert merged.lead_officer_id == loser.lead_officer_id

    gone = db.session.get(Organisation, loser.id)
    assert gone.archived_at is not None
    assert gone.aliases == [] and gone.tags == []

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "merge"))
    assert event.entity_type == "Organisation" and event.entity_id == loser.id
    assert event.changes["survivor_id"] == survivor.id
    assert event.changes["moved"]["people"] == 1


def test_after_a_merge_the_old_name_finds_the_survivor_and_the_loser_points_to_it(admin_client, pair):
    survivor, loser = pair["survivor"], pair["loser"]
    _merge(admin_client, survivor, loser)
    response = admin_client.get("/organisations/?q=kestrel+systems+duplicate")
    assert [a.get_text(strip=True) for a in page(response).select("#organisations tbody a")] == [
        "Kestrel Systems"
    ]
    loser_page = admin_client.get(f"/organisations/{loser.id}")
    banner = page(loser_page).select_one("#archived")
    assert "merged into Kestrel Systems" in " ".join(banner.get_text(" ").split())
    assert banner.select_one("a")["href"] == f"/organisations/{survivor.id}"


def test_a_survivor_that_was_part_of_the_loser_takes_the_losers_parent(admin_client, make_organisation):
    group = make_organisation("Cedar Group")
    loser = make_organisation("Cedar Holdings", parent=group)
    survivor = make_organisation("Cedar Chat", parent=loser)
    sibling = make_organisation("Cedar Games", parent=loser)
    response = admin_client.post(
        f"/organisations/{survivor.id}/merge", data={"other_id": str(loser.id), "keep": "this"}
    )
    form = page(response).select_one("form#organisation-form")
    admin_client.post(
        form["action"], data={i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    )
    assert fresh(Organisation, survivor.id).parent_id == group.id
    assert fresh(Organisation, sibling.id).parent_id == survivor.id


def test_only_admins_can_merge(officer_client, lead_client, viewer_client, pair):
    survivor, loser = pair["survivor"], pair["loser"]
    for client in (officer_client, lead_client, viewer_client):
        assert client.get(f"/organisations/{loser.id}/merge").status_code == 403
        response = client.post(
            "/organisations/merge",
            data={
                "survivor_id": survivor.id,
                "loser_id": loser.id,
                "survivor_version": survivor.version,
                "loser_version": loser.version,
            },
        )
        assert response.status_code == 403
    assert fresh(Organisation, loser.id).archived_at is None
    officer_page = page(officer_client.get(f"/organisations/{loser.id}"))
    assert officer_page.select_one(f"a[href='/organisations/{loser.id}/merge']") is None


def test_a_merge_of_a_changed_record_is_refused(admin_client, pair):
    survivor, loser = pair["survivor"], pair["loser"]
    choose = admin_client.post(
        f"/organisations/{loser.id}/merge", data={"other_id": str(survivor.id), "keep": "other"}
    )
    form = page(choose).select_one("form#organisation-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    changed = db.session.get(Organisation, loser.id)  # another admin edits it meanwhile
    changed.summary = "Changed meanwhile"
    db.session.commit()
    response = admin_client.post(form["action"], data=data)
    assert "Someone else changed this organisation" in text_of(response, "#edit-conflict")
    assert fresh(Organisation, loser.id).archived_at is None
    assert fresh(Person, pair["person"].id).organisation_id == loser.id


def test_merging_needs_a_choice_and_two_different_current_organisations(
    admin_client, pair, make_organisation
):
    loser = pair["loser"]
    response = admin_client.post(f"/organisations/{loser.id}/merge", data={"other_id": "", "keep": ""})
    assert "Select the other organisation" in text_of(response, ".govuk-error-summary")
    assert "Select which record should stay" in text_of(response, ".govuk-error-summary")
    archived = make_organisation("Archived Co", archived_at=loser.created_at)
    response = admin_client.post(
        f"/organisations/{loser.id}/merge", data={"other_id": str(archived.id), "keep": "other"}
    )
    assert "Select the other organisation from the list" in text_of(response, ".govuk-error-summary")
    response = admin_client.post(
        f"/organisations/{loser.id}/merge", data={"other_id": str(loser.id), "keep": "other"}
    )
    assert "Select the other organisation from the list" in text_of(response, ".govuk-error-summary")
