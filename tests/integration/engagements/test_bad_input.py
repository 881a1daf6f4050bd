"""Bad input on "Log a contact": each gets a specific message next to its field and in the error summary
(whose link reaches that field), and nothing is saved: no engagement, no orphan action, no new person."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm.extensions import db
from crm.models import Classification, EngagementKind, Organisation, Person, Role, Sector
from crm.services.engagements import changes, checks
from crm.template_helpers import long_date
from crm.timezones import london_today
from tests import factories
from tests.html import error_summary, field_errors, page
from tests.integration.engagements.conftest import contact_form, counts


def _refused(response, message: str) -> None:
    """The message is in the summary and by its field, the summary links to a real field, and the
    page title says there is an error; nothing was saved."""
    assert response.status_code == 200
    assert message in error_summary(response), error_summary(response)
    assert message in field_errors(response), field_errors(response)
    doc = page(response)
    link = next(a for a in doc.select(".govuk-error-summary__list a") if a.get_text(strip=True) == message)
    target = doc.select_one(link["href"])
    assert target is not None, f"{link['href']} is not on the page"
    assert target.name in ("input", "select", "textarea"), f"{link['href']} is a {target.name}"
    assert doc.title.get_text().startswith("Error: ")
    assert counts() == (0, 0)


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Kestrel Social")


def test_no_organisation_chosen(officer_client, officer):
    response = officer_client.post("/engagements/new", data=contact_form(officers=[officer]))
    _refused(response, "Select at least one organisation that took part: find it by name, tick it, then save")


def test_every_problem_shows_at_once(officer_client, officer):
    response = officer_client.post("/engagements/new", data=contact_form(officers=[officer], title=""))
    assert error_summary(response) == [
        "Enter a title",
        "Select at least one organisation that took part: find it by name, tick it, then save",
    ]


def test_a_person_from_an_organisation_not_on_the_contact(officer_client, officer, organisation):
    other = factories.OrganisationFactory(name="Northshire Police")
    ada = factories.PersonFactory(name="Ada Byron", organisation=other)
    response = officer_client.post(
        "/engagements/new", data=contact_form(organisations=[organisation], people=[ada], officers=[officer])
    )
    _refused(
        response,
        "Ada Byron works at Northshire Police, which is not on this contact: "
        "add Northshire Police or untick Ada Byron",
    )
    # Ada stays listed (ticked) so that she can be unticked.
    assert page(response).select_one(f"#person_ids[value='{ada.id}'][checked]")


def test_an_end_before_the_start(officer_client, officer, organisation):
    data = contact_form(organisations=[organisation], officers=[officer], start="14:00", end="13:59")
    _refused(
        officer_client.post("/engagements/new", data=data),
        "End time must be the same as or after the start time",
    )


def test_an_end_equal_to_the_start_is_allowed(officer_client, officer, organisation):
    data = contact_form(organisations=[organisation], officers=[officer], start="14:00", end="14:00")
    assert officer_client.post("/engagements/new", data=data).status_code == 302


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(1900, 5, 1), "Date must be the same as or after 1 January 2000"),
        (date(1999, 12, 31), "Date must be the same as or after 1 January 2000"),
        (date(2200, 5, 1), None),
    ],
)
def test_a_date_far_in_the_past_or_future(officer_client, officer, organisation, day, message):
    today = london_today()
    message = message or f"Date must be the same as or before {long_date(checks.latest_date(today))}"
    data = contact_form(organisations=[organisation], officers=[officer], day=day)
    _refused(officer_client.post("/engagements/new", data=data), message)


def test_dates_inside_the_range_are_allowed(officer_client, officer, organisation):
    for day in (date(2000, 1, 1), checks.latest_date(london_today())):
        data = contact_form(organisations=[organisation], officers=[officer], day=day)
        assert officer_client.post("/engagements/new", data=data).status_code == 302


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["31", "2", "2026"], "Date must be a real date"),
        (["", "2", "2026"], "Date must include a day"),
        (["", "", ""], "Enter the date of the contact"),
    ],
)
def test_a_date_that_is_not_a_date(officer_client, officer, organisation, parts, message):
    data = contact_form(organisations=[organisation], officers=[officer])
    data["date"] = parts
    _refused(officer_client.post("/engagements/new", data=data), message)


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("", "Enter the start time, for example 09:30 or 14:00"),
        ("25:99", "Start time must be a real time in the 24-hour clock, like 09:30 or 14:00"),
        ("2pm", "Start time must be a real time in the 24-hour clock, like 09:30 or 14:00"),
        ("12:60", "Start time must be a real time in the 24-hour clock, like 09:30 or 14:00"),
    ],
)
def test_a_missing_or_malformed_time(officer_client, officer, organisation, start, message):
    data = contact_form(organisations=[organisation], officers=[officer], start=start)
    _refused(officer_client.post("/engagements/new", data=data), message)


def test_a_malformed_end_time(officer_client, officer, organisation):
    data = contact_form(organisations=[organisation], officers=[officer], end="16:75")
    _refused(
        officer_client.post("/engagements/new", data=data),
        "End time must be a real time in the 24-hour clock, like 09:30 or 14:00",
    )


def test_a_due_date_before_the_contact(officer_client, officer, organisation):
    day = london_today() - timedelta(days=3)
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        day=day,
        actions=[{"title": "Too early", "owner": f"user:{officer.id}", "due_on": day - timedelta(days=1)}],
    )
    response = officer_client.post("/engagements/new", data=data)
    _refused(
        response,
        f"Due date for action 1 must be the same as or after the date of the contact ({long_date(day)})",
    )
    # The summary links to the row's day input, not to the date's wrapper.
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#actions-0-due_on-day"


def test_a_due_date_that_is_not_a_date_names_its_row(officer_client, officer, organisation):
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        actions=[{}, {"title": "Bad date", "owner": f"user:{officer.id}", "due_on": ["31", "2", ""]}],
    )
    response = officer_client.post("/engagements/new", data=data)
    _refused(response, "Due date for action 2 must include a year")
    assert page(response).select_one(".govuk-error-summary__list a")["href"] == "#actions-1-due_on-day"


def test_too_many_organisations_at_once(officer_client, officer):
    many = [Organisation(name=f"Bulk {n:03}", sector=Sector.TECHNOLOGY) for n in range(200)]
    db.session.add_all(many)
    db.session.commit()
    response = officer_client.post(
        "/engagements/new", data=contact_form(organisations=many, officers=[officer])
    )
    _refused(response, "Select 50 organisations or fewer for one contact (you selected 200)")


def test_fifty_organisations_are_allowed(officer_client, officer):
    many = [Organisation(name=f"Bulk {n:03}", sector=Sector.CHARITY) for n in range(checks.MAX_ORGANISATIONS)]
    db.session.add_all(many)
    db.session.commit()
    response = officer_client.post(
        "/engagements/new", data=contact_form(organisations=many, officers=[officer])
    )
    assert response.status_code == 302, error_summary(response)


def test_an_owner_who_is_deactivated(officer_client, officer, organisation):
    leaver = factories.UserFactory(name="Lena Leaver", active=False)
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        actions=[{"title": "Owed by a leaver", "owner": f"user:{leaver.id}"}],
    )
    response = officer_client.post("/engagements/new", data=data)
    _refused(
        response,
        "Lena Leaver cannot owe action 1 because their account is deactivated: choose another officer",
    )
    selected = page(response).select_one("#actions-0-owner option[selected]")
    assert "account deactivated" in selected.get_text()


def test_a_chaser_who_is_deactivated(officer_client, officer, organisation):
    leaver = factories.UserFactory(name="Lena Leaver", active=False)
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        actions=[{"title": "Partner owes", "owner": f"org:{organisation.id}", "chaser_id": str(leaver.id)}],
    )
    _refused(
        officer_client.post("/engagements/new", data=data),
        "Lena Leaver cannot chase action 1 because their account is deactivated: choose another officer",
    )


def test_an_officer_who_is_deactivated(officer_client, officer, organisation):
    leaver = factories.UserFactory(name="Lena Leaver", active=False)
    data = contact_form(organisations=[organisation], officers=[officer, leaver])
    _refused(
        officer_client.post("/engagements/new", data=data),
        "Lena Leaver's account is deactivated, so they cannot be added: untick Lena Leaver",
    )


def test_an_owing_organisation_must_be_on_the_contact(officer_client, officer, organisation):
    other = factories.OrganisationFactory()
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        actions=[{"title": "Wrong partner", "owner": f"org:{other.id}", "chaser_id": str(officer.id)}],
    )
    _refused(
        officer_client.post("/engagements/new", data=data),
        "Select who owes action 1: the organisation must be on this contact",
    )


def test_a_half_filled_row_refuses_the_whole_contact(officer_client, officer, organisation):
    """The rollback on a bad action row: the good row and the engagement are not saved either."""
    day = london_today() - timedelta(days=1)
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        day=day,
        actions=[
            {"title": "A good follow-up", "owner": f"user:{officer.id}", "due_on": day + timedelta(days=5)},
            {"due_on": day + timedelta(days=5)},
        ],
        new_person_name="Not Saved",
        new_person_organisation_id=str(organisation.id),
    )
    response = officer_client.post("/engagements/new", data=data)
    _refused(response, "Enter what needs to be done for action 2")
    assert "Select who owes action 2" in error_summary(response)
    hrefs = [a["href"] for a in page(response).select(".govuk-error-summary__list a")]
    assert hrefs == ["#actions-1-title", "#actions-1-owner"]
    assert page(response).select_one("#actions-0-title")["value"] == "A good follow-up"
    assert db.session.scalars(select(Person).where(Person.name == "Not Saved")).first() is None


def test_the_save_is_all_or_nothing_when_the_database_refuses_an_action(app_context, officer, organisation):
    """An action the database refuses (owed by a partner with no chaser breaks a CHECK constraint)
    takes the engagement and the new person down with it: one transaction."""
    details = checks.EngagementDetails(
        kind=EngagementKind.MEETING,
        starts_at=datetime.combine(london_today(), time(10), tzinfo=UTC),
        ends_at=None,
        title="Never saved",
        summary="",
        organisations=[organisation],
        people=[],
        officers=[officer],
        asks=[],
        classification=Classification.OFFICIAL,
        access_team=None,
        new_person=checks.NewPerson(name="Never Saved", email="", organisation=organisation),
        actions=[
            checks.ActionDetails("Fine", officer, None, None, None, None, None),
            checks.ActionDetails("Refused", None, organisation, None, None, None, None),
        ],
    )
    with pytest.raises(IntegrityError):
        changes.create_engagement(details=details, created_by=officer, today=london_today())
    db.session.rollback()
    assert counts() == (0, 0)
    assert db.session.scalars(select(Person).where(Person.name == "Never Saved")).first() is None


def test_sensitive_needs_a_team(officer_client, officer, organisation):
    data = contact_form(organisations=[organisation], officers=[officer], classification="official-sensitive")
    response = officer_client.post("/engagements/new", data=data)
    _refused(
        response,
        "You can only mark a contact OFFICIAL-SENSITIVE when you are in a team, because only your team may "
        "then see it: ask an admin to add you to a team, or choose OFFICIAL",
    )


def test_an_admin_picks_the_team_for_a_sensitive_contact(admin_client, admin, organisation):
    data = contact_form(organisations=[organisation], officers=[admin], classification="official-sensitive")
    data["access_team_id"] = ""
    _refused(admin_client.post("/engagements/new", data=data), "Select the team that may see this contact")
    team = factories.TeamFactory(name="Online harms")
    data["access_team_id"] = str(team.id)
    response = admin_client.post("/engagements/new", data=data)
    assert response.status_code == 302


def test_no_officer_ticked(officer_client, organisation):
    _refused(
        officer_client.post("/engagements/new", data=contact_form(organisations=[organisation])),
        "Select at least one officer who took part",
    )


def test_unknown_ids_and_values_never_cause_an_error_page(officer_client, officer, organisation):
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        kind="party",
        classification="secret",
        actions=[{"title": "x", "owner": "robot:1", "ask_id": "999999", "organisation_id": "abc"}],
    )
    data["organisation_ids"] += ["999999", "'; drop table"]
    data["person_ids"] = ["999999"]
    response = officer_client.post("/engagements/new", data=data)
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Select the kind of contact" in summary
    assert "Select a classification" in summary
    assert "Select people from the list" in summary
    assert counts() == (0, 0)


def test_organisations_that_no_longer_exist(officer_client, officer, organisation):
    gone = factories.OrganisationFactory(name="Gone", archived_at=datetime.now(UTC))
    data = contact_form(organisations=[gone], officers=[officer])
    _refused(
        officer_client.post("/engagements/new", data=data),
        "The organisations you selected no longer exist or have been archived: "
        "find and select the organisations that took part",
    )
    data = contact_form(organisations=[organisation, gone], officers=[officer])
    _refused(
        officer_client.post("/engagements/new", data=data),
        "One of the organisations you selected no longer exists or has been archived: "
        "select organisations from the list",
    )


def test_viewers_cannot_log_contacts(viewer_client, viewer, organisation):
    assert viewer_client.get("/engagements/new").status_code == 403
    response = viewer_client.post(
        "/engagements/new", data=contact_form(organisations=[organisation], officers=[viewer])
    )
    assert response.status_code == 403
    assert counts() == (0, 0)


def test_role_check_applies_to_leads_and_admins_too(lead_client, lead, organisation):
    response = lead_client.post(
        "/engagements/new", data=contact_form(organisations=[organisation], officers=[lead])
    )
    assert response.status_code == 302
    assert lead.role == Role.LEAD
