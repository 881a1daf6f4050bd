"""Personal data (UK GDPR): subject access export, erasure and the retention review."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, Classification, Engagement, Person, PersonRole
from crm.template_helpers import long_date
from tests import factories
from tests.html import error_summary, page, text_of
from tests.integration.people.conftest import count_queries

PERSONAL_VALUES = (
    "Amelia Hart",
    "Head of Trust and Safety",
    "amelia.hart@kestrel.example.org",
    "01632 960 001",
    "Prefers calls in the morning",
)


@pytest.fixture
def subject(app, officer):
    """A person with history: two spells, engagements (one sensitive), an action, audit events."""
    kestrel = factories.OrganisationFactory(name="Kestrel Messaging")
    previous = factories.OrganisationFactory(name="Old Platform")
    person = factories.PersonFactory(
        name="Amelia Hart",
        job_title="Head of Trust and Safety",
        email="amelia.hart@kestrel.example.org",
        phone="01632 960 001",
        notes="Prefers calls in the morning",
        organisation=kestrel,
    )
    db.session.add_all(
        [
            PersonRole(
                person=person,
                organisation=previous,
                job_title="Analyst",
                started_on=date(2016, 1, 1),
                ended_on=date(2020, 1, 1),
            ),
            PersonRole(
                person=person,
                organisation=kestrel,
                job_title="Head of Trust and Safety",
                started_on=date(2020, 1, 1),
            ),
        ]
    )
    db.session.commit()
    now = datetime.now(UTC)
    meeting = factories.EngagementFactory(
        title="Safety by design workshop",
        starts_at=now - timedelta(days=3),
        people=[person],
        organisations=[kestrel],
    )
    sensitive = factories.EngagementFactory(
        title="Operation briefing",
        starts_at=now - timedelta(days=1),
        people=[person],
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
    )
    action = factories.ActionFactory(
        title="Share the hash list figures", owner_organisation=kestrel, owner_person=person, chaser=officer
    )
    return {
        "person": person,
        "meeting": meeting,
        "sensitive": sensitive,
        "action": action,
        "kestrel": kestrel,
    }


def events_about(person_id: int, event: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.entity_type == "Person", AuditEvent.entity_id == person_id)
    if event:
        stmt = stmt.where(AuditEvent.event == event)
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


# --- Subject access export ---------------------------------------------------------------------


def test_json_export_holds_everything_and_is_audited(admin_client, admin, subject):
    person = subject["person"]
    response = admin_client.get(f"/people/{person.id}/export.json")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="person-{person.id}-subject-access.json"'
    )
    data = json.loads(response.get_data(as_text=True))
    assert data["classification"] == "OFFICIAL-SENSITIVE"
    assert data["person"] | {"created_at": None, "updated_at": None} == {
        "id": person.id,
        "name": "Amelia Hart",
        "job_title": "Head of Trust and Safety",
        "email": "amelia.hart@kestrel.example.org",
        "phone": "01632 960 001",
        "notes": "Prefers calls in the morning",
        "do_not_contact": False,
        "organisation": {"id": subject["kestrel"].id, "name": "Kestrel Messaging"},
        "created_at": None,
        "updated_at": None,
        "erased_at": None,
    }
    assert [
        (r["organisation"]["name"], r["job_title"], r["started_on"], r["ended_on"])
        for r in data["organisation_history"]
    ] == [
        ("Kestrel Messaging", "Head of Trust and Safety", "2020-01-01", None),
        ("Old Platform", "Analyst", "2016-01-01", "2020-01-01"),
    ]
    # Complete: the sensitive engagement is in it even though the admin is in no team.
    assert [(e["title"], e["kind"], e["classification"]) for e in data["engagements_attended"]] == [
        ("Operation briefing", "meeting", "OFFICIAL-SENSITIVE"),
        ("Safety by design workshop", "meeting", "OFFICIAL"),
    ]
    assert data["engagements_attended"][1]["organisations"] == [
        {"id": subject["kestrel"].id, "name": "Kestrel Messaging"}
    ]
    assert (
        datetime.fromisoformat(data["engagements_attended"][1]["starts_at"]) == subject["meeting"].starts_at
    )
    assert [a["title"] for a in data["actions_naming_them"]] == ["Share the hash list figures"]
    assert [e["event"] for e in data["audit_events"]] == ["create"]
    assert data["audit_events"][0]["changes"]["email"] == "amelia.hart@kestrel.example.org"
    exported = events_about(person.id, "export")
    assert [(e.actor_id, e.changes) for e in exported] == [(admin.id, {"format": "json"})]


def test_readable_export_page(admin_client, subject):
    person = subject["person"]
    response = admin_client.get(f"/people/{person.id}/export")
    assert "Personal data held about Amelia Hart" in text_of(response, "h1")
    assert "OFFICIAL-SENSITIVE" in text_of(response, "#classification-banner")
    details = text_of(response, "#export-details")
    for value in PERSONAL_VALUES:
        assert value in details
    assert "Old Platform" in text_of(response, "#export-roles")
    assert "Operation briefing" in text_of(response, "#export-engagements")
    assert "Share the hash list figures" in text_of(response, "#export-actions")
    assert "create" in text_of(response, "#export-audit")
    assert page(response).select_one("#json-link")["href"] == f"/people/{person.id}/export.json"
    assert [e.changes for e in events_about(person.id, "export")] == [{"format": "html"}]


@pytest.mark.parametrize("who", ["officer_client", "lead_client", "viewer_client"])
@pytest.mark.parametrize("suffix", ["export", "export.json", "erase"])
def test_export_and_erase_are_for_admins_only(request, subject, who, suffix):
    client = request.getfixturevalue(who)
    person = subject["person"]
    assert client.get(f"/people/{person.id}/{suffix}").status_code == 403
    if suffix == "erase":
        assert client.post(f"/people/{person.id}/erase", data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Person, person.id).name == "Amelia Hart"
    assert events_about(person.id, "export") == []


def test_exporting_a_missing_person_is_404(admin_client):
    assert admin_client.get("/people/987654/export.json").status_code == 404
    assert admin_client.get("/people/987654/erase").status_code == 404


def test_export_costs_the_same_number_of_queries_whatever_the_history(app, admin_client):
    def statements_for(person: Person) -> int:
        with count_queries(app) as statements:
            assert admin_client.get(f"/people/{person.id}/export.json").status_code == 200
        return len(statements)

    small, large = factories.PersonFactory(), factories.PersonFactory()
    for person, engagements in ((small, 2), (large, 30)):
        for _ in range(engagements):
            factories.EngagementFactory(people=[person], organisations=[person.organisation])
    statements_for(small)
    assert statements_for(large) == statements_for(small)


# --- Erasure ---------------------------------------------------------------------------------


def test_erase_asks_for_confirmation_first(admin_client, subject):
    person = subject["person"]
    response = admin_client.get(f"/people/{person.id}/erase")
    assert "Erasing cannot be undone" in text_of(response, "#erase-warning")
    assert page(response).select_one("#erase-form")["method"] == "post"
    refused = admin_client.post(f"/people/{person.id}/erase", data={})
    assert error_summary(refused) == ["Confirm that you have checked the person and the request"]
    db.session.expire_all()
    assert db.session.get(Person, person.id).erased_at is None


def test_erase_removes_personal_data_and_keeps_links(admin_client, admin, subject):
    person = subject["person"]
    events_before = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    response = admin_client.post(f"/people/{person.id}/erase", data={"confirm": "y"})
    assert response.headers["Location"] == f"/people/{person.id}"

    db.session.expire_all()
    erased = db.session.get(Person, person.id)
    assert erased.name == f"Erased person #{person.id}"
    assert (erased.job_title, erased.email, erased.phone, erased.notes) == ("", "", "", "")
    assert erased.erased_at is not None
    assert erased.organisation_id == subject["kestrel"].id
    assert erased.version == 2  # an edit form opened before the erasure is refused
    roles = db.session.scalars(select(PersonRole).where(PersonRole.person_id == person.id)).all()
    assert len(roles) == 2
    assert {role.job_title for role in roles} == {""}
    # Links kept, now anonymised.
    meeting = db.session.get(Engagement, subject["meeting"].id)
    assert [p.id for p in meeting.people] == [person.id]
    assert subject["action"].owner_person_id == person.id

    # Audited, without the erased values in anything the erasure wrote.
    new_events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > events_before)).all()
    assert [(e.event, e.entity_type, e.entity_id, e.actor_id) for e in new_events] == [
        ("erase", "Person", person.id, admin.id)
    ]
    written = json.dumps([e.changes for e in new_events])
    for value in PERSONAL_VALUES:
        assert value not in written
    assert new_events[0].changes == {"fields_removed": ["name", "job_title", "email", "phone", "notes"]}

    page_after = admin_client.get(f"/people/{person.id}")
    assert text_of(page_after, "#person-name") == f"Erased person #{person.id}"
    assert "was erased on" in text_of(page_after, "#erased")
    assert "Personal data erased" in text_of(page_after, ".govuk-notification-banner")
    html = page_after.get_data(as_text=True)
    for value in PERSONAL_VALUES:
        assert value not in html
    assert page(page_after).select_one("#erase-link") is None
    # The audit trail still holds the values from before; the person's page no longer offers it.
    assert page(page_after).select_one("#history-link") is None
    assert "Safety by design workshop" in text_of(page_after, "#engagements")


def test_the_engagement_page_shows_the_erased_person_anonymised(admin_client, subject):
    person = subject["person"]
    admin_client.post(f"/people/{person.id}/erase", data={"confirm": "y"})
    response = admin_client.get(f"/engagements/{subject['meeting'].id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Amelia Hart" not in html
    assert f"Erased person #{person.id}" in html


def test_erasing_twice_changes_nothing_more(admin_client, subject):
    person = subject["person"]
    admin_client.post(f"/people/{person.id}/erase", data={"confirm": "y"})
    again = admin_client.post(f"/people/{person.id}/erase", data={"confirm": "y"})
    assert again.headers["Location"] == f"/people/{person.id}"
    assert len(events_about(person.id, "erase")) == 1


def test_an_edit_opened_before_the_erasure_cannot_bring_the_data_back(officer_client, admin_client, subject):
    person = subject["person"]
    form = page(officer_client.get(f"/people/{person.id}/edit")).select_one("#person-form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[name]")
        if field["type"] != "checkbox"
    }
    admin_client.post(f"/people/{person.id}/erase", data={"confirm": "y"})
    response = officer_client.post(f"/people/{person.id}/edit", data=data)
    assert response.headers["Location"] == f"/people/{person.id}"
    db.session.expire_all()
    assert db.session.get(Person, person.id).name == f"Erased person #{person.id}"


# --- Retention review ------------------------------------------------------------------------


def _retention_names(response) -> list[str]:
    return [a.get_text(strip=True) for a in page(response).select("#retention tbody a.app-person-link")]


@pytest.fixture
def quiet_people(app):
    now = datetime.now(UTC)
    long_ago = now - timedelta(days=365 * 8)
    quiet = factories.PersonFactory(name="Quiet Quentin", created_at=long_ago)
    quiet_meeting = factories.EngagementFactory(people=[quiet], starts_at=now - timedelta(days=365 * 7))
    never = factories.PersonFactory(name="Never Met", created_at=long_ago)
    active = factories.PersonFactory(name="Active Ana", created_at=long_ago)
    factories.EngagementFactory(people=[active], starts_at=now - timedelta(days=365 * 2))
    factories.PersonFactory(name="Brand New", created_at=now - timedelta(days=10))
    factories.PersonFactory(name="Erased person #9", created_at=long_ago, erased_at=now)
    hidden = factories.PersonFactory(name="Sensitive Sam", created_at=long_ago)
    factories.EngagementFactory(
        people=[hidden],
        starts_at=now - timedelta(days=30),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
    )
    return {"quiet": quiet, "quiet_meeting": quiet_meeting, "never": never, "active": active}


def test_retention_lists_people_with_no_engagement_for_six_years(admin_client, quiet_people):
    response = admin_client.get("/people/retention")
    assert _retention_names(response) == ["Never Met", "Quiet Quentin"]
    rows = [
        [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page(response).select("#retention tbody tr")
    ]
    assert rows[0][2] == "Never"
    assert rows[1][2] == long_date(quiet_people["quiet_meeting"].starts_at)


def test_retention_period_can_be_changed(admin_client, quiet_people):
    assert _retention_names(admin_client.get("/people/retention?years=1")) == [
        "Never Met",
        "Quiet Quentin",
        "Active Ana",
    ]
    assert _retention_names(admin_client.get("/people/retention?years=10")) == []
    assert "Nobody to review" in text_of(admin_client.get("/people/retention?years=10"), "#no-results")


@pytest.mark.parametrize("years", ["abc", "0", "-1", "101", "²", "9" * 30, "1.5"])
def test_a_bad_retention_period_gets_a_message_and_the_default(admin_client, quiet_people, years):
    response = admin_client.get("/people/retention", query_string={"years": years})
    assert response.status_code == 200
    assert "Years must be a whole number from 1 to 100" in text_of(response, "#years-error")
    assert _retention_names(response) == ["Never Met", "Quiet Quentin"]


def test_retention_goes_through_the_access_scope(lead_client, admin_client, quiet_people):
    # The lead cannot see Sam's sensitive engagement, so it does not show through; the admin can.
    assert "Sensitive Sam" in _retention_names(lead_client.get("/people/retention"))
    assert "Sensitive Sam" not in _retention_names(admin_client.get("/people/retention"))


def test_retention_is_for_leads_and_admins(officer_client, viewer_client, lead_client, quiet_people):
    assert officer_client.get("/people/retention").status_code == 403
    assert viewer_client.get("/people/retention").status_code == 403
    assert lead_client.get("/people/retention").status_code == 200


def test_the_people_list_links_to_the_review_for_leads_and_admins(officer_client, lead_client, admin_client):
    assert page(officer_client.get("/people/")).select_one("#retention-link") is None
    for client in (lead_client, admin_client):
        assert page(client.get("/people/")).select_one("#retention-link")["href"] == "/people/retention"


def test_erase_needs_the_form_token(app, admin_client, subject, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    person = subject["person"]
    form = page(admin_client.get(f"/people/{person.id}/erase")).select_one("#erase-form")
    assert form.select_one("input[name=csrf_token]")["value"]
    assert admin_client.post(f"/people/{person.id}/erase", data={"confirm": "y"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Person, person.id).erased_at is None
