"""Standalone actions (/actions/new) and changes to actions (/actions/<id>/edit)."""

from __future__ import annotations

from sqlalchemy import select

from crm.extensions import db
from crm.models import Action, AuditEvent, Classification, Priority
from tests import factories
from tests.conftest import sign_in
from tests.html import error_summary, page, text_of
from tests.integration.actions.helpers import days


def _date(value) -> list[str]:
    return [str(value.day), str(value.month), str(value.year)]


def _only_action() -> Action:
    db.session.expire_all()
    return db.session.scalars(select(Action)).one()


def _banners(response) -> list[str]:
    return [" ".join(b.get_text(" ").split()) for b in page(response).select(".govuk-notification-banner")]


def test_the_organisation_page_link_pre_fills_the_organisation(officer_client):
    organisation = factories.OrganisationFactory(name="Harbourline Chat")
    soup = page(officer_client.get(f"/actions/new?organisation={organisation.id}"))
    ticked = soup.select_one(f"input[name=organisation_ids][value='{organisation.id}']")
    assert ticked is not None and ticked.has_attr("checked")
    owing = soup.select_one(f"#owner_organisation_id option[value='{organisation.id}']")
    assert owing.has_attr("selected")
    # Nonsense or unknown pre-fills are ignored.
    assert officer_client.get("/actions/new?organisation=abc").status_code == 200
    assert officer_client.get("/actions/new?organisation=999999").status_code == 200


def test_an_officer_adds_a_standalone_action_owed_by_us(officer, officer_client):
    ask = factories.five_asks()[2]
    response = officer_client.post(
        "/actions/new",
        data={
            "title": "Draft the working group's terms",
            "description": "By the next meeting",
            "owed_by": "us",
            "owner_user_id": str(officer.id),
            "due_on": _date(days(10)),
            "priority": "high",
            "ask_id": str(ask.id),
            "classification": "official",
        },
    )
    action = _only_action()
    assert response.headers["Location"] == f"/actions/{action.id}"
    assert (action.owner_user_id, action.priority, action.ask_id, action.due_on) == (
        officer.id,
        Priority.HIGH,
        ask.id,
        days(10),
    )
    assert action.engagement_id is None and action.created_by_id == officer.id
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "Action", AuditEvent.event == "create")
    ).one()
    assert event.actor_id == officer.id and event.changes["status"] == "open"
    banners = _banners(officer_client.get(response.headers["Location"]))
    assert not any("in the past" in b for b in banners)


def test_an_action_owed_by_a_partner(officer, officer_client):
    partner = factories.OrganisationFactory(name="Brightwave Messaging")
    person = factories.PersonFactory(organisation=partner)
    officer_client.post(
        "/actions/new",
        data={
            "title": "Set out its position in writing",
            "owed_by": "partner",
            "owner_organisation_id": str(partner.id),
            "owner_person_id": str(person.id),
            "chaser_id": str(officer.id),
            "owner_user_id": str(officer.id),  # ignored: a partner owes it
            "priority": "medium",
            "classification": "official",
        },
    )
    action = _only_action()
    assert (action.owner_user_id, action.owner_organisation_id, action.owner_person_id, action.chaser_id) == (
        None,
        partner.id,
        person.id,
        officer.id,
    )
    assert [o.id for o in action.organisations] == [partner.id]


def test_missing_and_inconsistent_details_are_explained(officer, officer_client):
    partner = factories.OrganisationFactory()
    elsewhere = factories.PersonFactory()
    response = officer_client.post(
        "/actions/new",
        data={
            "title": "  ",
            "owed_by": "partner",
            "owner_organisation_id": "",
            "chaser_id": "",
            "priority": "medium",
            "classification": "official",
        },
    )
    assert error_summary(response) == [
        "Enter what needs to be done",
        "Select the organisation that owes this action",
        "Select the officer who will chase this action",
    ]
    assert page(response).title.get_text().startswith("Error: Add an action")
    response = officer_client.post(
        "/actions/new",
        data={
            "title": "Reply to the letter",
            "owed_by": "partner",
            "owner_organisation_id": str(partner.id),
            "owner_person_id": str(elsewhere.id),
            "chaser_id": str(officer.id),
            "due_on": ["31", "2", "2030"],
            "priority": "urgent",
            "classification": "official",
        },
    )
    assert error_summary(response) == ["Due date must be a real date", "Select a priority"]
    response = officer_client.post(
        "/actions/new",
        data={
            "title": "Reply to the letter",
            "owed_by": "partner",
            "owner_organisation_id": str(partner.id),
            "owner_person_id": str(elsewhere.id),
            "chaser_id": str(officer.id),
            "priority": "low",
            "classification": "official",
        },
    )
    assert error_summary(response) == ["Select a person who works at the organisation that owes it"]
    assert db.session.scalar(select(db.func.count(Action.id))) == 0


def test_a_past_due_date_is_allowed_with_a_warning(officer, officer_client):
    past = days(-5)
    response = officer_client.post(
        "/actions/new",
        data={
            "title": "Catch up on last month's follow-up",
            "owed_by": "us",
            "owner_user_id": str(officer.id),
            "due_on": _date(past),
            "priority": "medium",
            "classification": "official",
        },
    )
    assert response.status_code == 302
    assert _only_action().due_on == past
    shown = officer_client.get(response.headers["Location"])
    assert any("is in the past, so this action shows as overdue" in b for b in _banners(shown))
    assert "Overdue by 5 days" in text_of(shown, "#badges")


def test_sensitive_actions_need_a_team_and_are_seen_only_by_it(app, officer, officer_client):
    data = {
        "title": "Sensitive follow-up",
        "owed_by": "us",
        "owner_user_id": str(officer.id),
        "priority": "medium",
        "classification": "official-sensitive",
    }
    response = officer_client.post("/actions/new", data=data)
    assert error_summary(response)[0].startswith(
        "You can only mark an action OFFICIAL-SENSITIVE when you are in a team"
    )
    team = factories.TeamFactory()
    member = factories.UserFactory(team=team)
    outsider = factories.UserFactory(team=factories.TeamFactory())
    member_client = sign_in(app.test_client(), member)
    member_client.post("/actions/new", data={**data, "owner_user_id": str(member.id)})
    action = _only_action()
    assert (action.classification, action.access_team_id) == (Classification.OFFICIAL_SENSITIVE, team.id)
    assert sign_in(app.test_client(), outsider).get(f"/actions/{action.id}").status_code == 404


def test_edit_saves_changes(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer, title="Old title")
    form = page(officer_client.get(f"/actions/{action.id}/edit"))
    assert form.select_one("#title")["value"] == "Old title"
    response = officer_client.post(
        f"/actions/{action.id}/edit",
        data={
            "title": "New title",
            "owed_by": "us",
            "owner_user_id": str(officer.id),
            "due_on": _date(days(3)),
            "priority": "low",
            "classification": "official",
            "version": str(action.version),
        },
    )
    assert response.status_code == 302
    saved = _only_action()
    assert (saved.title, saved.due_on, saved.priority) == ("New title", days(3), Priority.LOW)


def test_edit_on_a_stale_version_is_refused_with_the_differences(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer, title="Original")
    opened = action.version
    action.title = "Their title"
    db.session.commit()
    response = officer_client.post(
        f"/actions/{action.id}/edit",
        data={
            "title": "My title",
            "owed_by": "us",
            "owner_user_id": str(officer.id),
            "priority": "medium",
            "classification": "official",
            "version": str(opened),
        },
    )
    assert response.status_code == 200
    conflict = text_of(response, "#edit-conflict")
    assert "Someone else changed this action" in conflict
    assert "Their title" in conflict and "My title" in conflict
    assert _only_action().title == "Their title"
    # The form now carries the saved version, so saving again works.
    assert page(response).select_one("input[name=version]")["value"] == str(_only_action().version)


def test_form_values_are_escaped(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer, title='"><script>alert(1)</script>')
    body = officer_client.get(f"/actions/{action.id}/edit").get_data(as_text=True)
    assert "<script>alert(1)" not in body
