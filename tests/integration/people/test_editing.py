"""/people/new and /people/<id>/edit: GOV.UK errors, moves that keep history, optimistic locking, roles."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEvent, Person, PersonRole
from crm.services.people.editing import move_person
from crm.timezones import london_today
from tests import factories
from tests.html import error_summary, field_errors, page, text_of


def people_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Person)) or 0


def fresh(person_id: int) -> Person:
    db.session.expire_all()
    person = db.session.get(Person, person_id)
    assert person is not None
    return person


def roles_of(person_id: int) -> list[tuple[str, date | None, date | None]]:
    """(organisation, started_on, ended_on), oldest first."""
    db.session.expire_all()
    roles = db.session.scalars(
        select(PersonRole).where(PersonRole.person_id == person_id).order_by(PersonRole.id)
    )
    return [(role.organisation.name, role.started_on, role.ended_on) for role in roles]


@pytest.fixture
def organisation(app):
    return factories.OrganisationFactory(name="Kestrel Messaging")


def valid(**changes) -> dict[str, str]:
    data = {
        "name": "Amelia Hart",
        "job_title": "Head of Trust and Safety",
        "email": "amelia.hart@kestrel.example.org",
        "phone": "+44 808 157 0192",
        "organisation_id": "",
        "notes": "Met at the summit.",
    }
    data.update(changes)
    return data


def test_add_a_person(officer_client, organisation):
    response = officer_client.post(
        "/people/new", data=valid(organisation_id=str(organisation.id), do_not_contact="y")
    )
    person = db.session.scalars(select(Person).where(Person.name == "Amelia Hart")).one()
    assert response.headers["Location"] == f"/people/{person.id}"
    assert (person.email, person.phone, person.organisation_id, person.do_not_contact) == (
        "amelia.hart@kestrel.example.org",
        "+44 808 157 0192",
        organisation.id,
        True,
    )
    assert roles_of(person.id) == [("Kestrel Messaging", london_today(), None)]
    created = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "Person", AuditEvent.entity_id == person.id)
    ).one()
    assert created.event == "create"
    followed = officer_client.get(response.headers["Location"])
    assert "Amelia Hart added" in text_of(followed, ".govuk-notification-banner")


def test_the_form_has_every_field_and_the_notes_hint(officer_client):
    response = officer_client.get("/people/new")
    form = page(response).select_one("#person-form")
    assert form.has_attr("novalidate")
    names = {field["name"] for field in form.select("[name]")}
    assert {"name", "job_title", "email", "phone", "organisation_id", "notes", "do_not_contact"} <= names
    assert text_of(response, "#notes-hint") == (
        "Never record abuse material here. Notes hold information about partnership work only."
    )


def test_organisation_page_link_preselects_the_organisation(officer_client, organisation):
    factories.OrganisationFactory(name="Archived Org", archived_at=datetime.now(UTC))
    response = officer_client.get("/people/new", query_string={"organisation": organisation.id})
    options = page(response).select("#organisation_id option")
    assert [o.get_text() for o in options if o.has_attr("selected")] == ["Kestrel Messaging"]
    assert "Archived Org" not in [o.get_text() for o in options]
    assert page(response).find("a", string="Cancel and go back to Kestrel Messaging")["href"] == (
        f"/organisations/{organisation.id}"
    )
    for odd in ("abc", "²", "99999999999999"):
        assert officer_client.get("/people/new", query_string={"organisation": odd}).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the person's full name"),
        ({"name": "   "}, "Enter the person's full name"),
        ({"name": "n" * 201}, "Full name must be 200 characters or fewer"),
        ({"name": "Bell\x07char"}, "Full name must not contain control characters"),
        ({"job_title": "j" * 201}, "Job title must be 200 characters or fewer"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format, like name@example.org"),
        ({"email": "amelia@kestrel"}, "Enter an email address in the correct format, like name@example.org"),
        ({"email": "a b@example.org"}, "Enter an email address in the correct format, like name@example.org"),
        ({"email": "a" * 250 + "@example.org"}, "Email address must be 254 characters or fewer"),
        (
            {"phone": "call me"},
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        ({"phone": "1" * 41}, "Phone number must be 40 characters or fewer"),
        ({"notes": "x" * 10_001}, "Notes must be 10,000 characters or fewer"),
        ({"notes": "bad\x1b"}, "Notes must not contain control characters"),
        ({"organisation_id": "999999"}, "Select an organisation from the list"),
        ({"organisation_id": "<script>"}, "Select an organisation from the list"),
    ],
)
def test_bad_input_gets_a_gov_uk_error_and_writes_nothing(officer_client, changes, message):
    before = people_count()
    response = officer_client.post("/people/new", data=valid(**changes))
    assert response.status_code == 200
    assert message in error_summary(response)
    assert message in field_errors(response)
    assert page(response).title.get_text().startswith("Error: Add a person")
    assert people_count() == before


def test_a_post_without_any_fields_never_fails(officer_client):
    response = officer_client.post("/people/new", data={})
    assert error_summary(response) == ["Enter the person's full name"]


def test_typed_values_are_kept_when_there_is_an_error(officer_client):
    response = officer_client.post("/people/new", data=valid(email="nope", notes="<b>keep me</b>"))
    assert page(response).select_one("#name")["value"] == "Amelia Hart"
    assert page(response).select_one("#notes").get_text() == "<b>keep me</b>"
    assert "<b>keep me</b>" not in response.get_data(as_text=True)


def test_fields_the_form_does_not_show_cannot_be_set(officer_client):
    officer_client.post(
        "/people/new", data=valid(id="424242", erased_at="2020-01-01", version="99", created_at="2001-01-01")
    )
    person = db.session.scalars(select(Person).where(Person.name == "Amelia Hart")).one()
    assert person.id != 424242
    assert person.erased_at is None
    assert person.version == 1
    assert person.created_at.year == datetime.now(UTC).year


def _edit_form(client, person: Person) -> dict[str, str]:
    """The values the edit form shows, as a browser would send them back."""
    form = page(client.get(f"/people/{person.id}/edit")).select_one("#person-form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[name]")
        if field["type"] != "checkbox"
    }
    data["notes"] = form.select_one("textarea").get_text()
    chosen = form.select_one("#organisation_id option[selected]")
    data["organisation_id"] = chosen["value"] if chosen else ""
    if form.select_one("#do_not_contact").has_attr("checked"):
        data["do_not_contact"] = "y"
    return data


def test_edit_details(officer_client, organisation):
    person = factories.PersonFactory(name="Amelia Hart", organisation=organisation)
    data = _edit_form(officer_client, person)
    assert data["version"] == "1"
    data.update(job_title="Director", email="amelia@kestrel.example.org", do_not_contact="y")
    response = officer_client.post(f"/people/{person.id}/edit", data=data)
    assert response.headers["Location"] == f"/people/{person.id}"
    saved = fresh(person.id)
    assert (saved.job_title, saved.email, saved.do_not_contact, saved.version) == (
        "Director",
        "amelia@kestrel.example.org",
        True,
        2,
    )


def test_moving_organisation_keeps_the_history(officer_client, organisation):
    new_home = factories.OrganisationFactory(name="Harbour Video")
    officer_client.post("/people/new", data=valid(organisation_id=str(organisation.id)))
    person = db.session.scalars(select(Person).where(Person.name == "Amelia Hart")).one()
    data = _edit_form(officer_client, person)
    data["organisation_id"] = str(new_home.id)
    officer_client.post(f"/people/{person.id}/edit", data=data)
    today = london_today()
    assert fresh(person.id).organisation_id == new_home.id
    assert roles_of(person.id) == [("Kestrel Messaging", today, today), ("Harbour Video", today, None)]
    rows = page(officer_client.get(f"/people/{person.id}")).select("#organisation-history tbody tr")
    assert [row.select_one("td").get_text(strip=True) for row in rows] == [
        "Harbour Video",
        "Kestrel Messaging",
    ]


def test_a_new_job_title_at_the_same_organisation_updates_the_current_spell(officer_client, organisation):
    officer_client.post("/people/new", data=valid(organisation_id=str(organisation.id)))
    person = db.session.scalars(select(Person).where(Person.name == "Amelia Hart")).one()
    data = _edit_form(officer_client, person)
    data["job_title"] = "Chief Safety Officer"
    officer_client.post(f"/people/{person.id}/edit", data=data)
    role = db.session.scalars(select(PersonRole).where(PersonRole.person_id == person.id)).one()
    assert (role.job_title, role.ended_on) == ("Chief Safety Officer", None)


class TestMovePerson:
    """The service that moves a person between organisations."""

    def test_ends_the_current_spell_and_starts_a_new_one(self, app_context):
        first, second = (
            factories.OrganisationFactory(name="First"),
            factories.OrganisationFactory(name="Second"),
        )
        person = factories.PersonFactory(organisation=first, job_title="Analyst")
        db.session.add(PersonRole(person=person, organisation=first, started_on=date(2020, 1, 1)))
        db.session.flush()
        new_role = move_person(person=person, organisation=second, on=date(2024, 5, 1))
        assert new_role is not None
        assert (new_role.started_on, new_role.ended_on, new_role.job_title) == (
            date(2024, 5, 1),
            None,
            "Analyst",
        )
        assert person.organisation_id == second.id
        assert roles_of(person.id) == [
            ("First", date(2020, 1, 1), date(2024, 5, 1)),
            ("Second", date(2024, 5, 1), None),
        ]

    def test_keeps_a_current_organisation_recorded_without_a_spell(self, app_context):
        first, second = (
            factories.OrganisationFactory(name="First"),
            factories.OrganisationFactory(name="Second"),
        )
        person = factories.PersonFactory(organisation=first)  # older data: no PersonRole yet
        move_person(person=person, organisation=second, on=date(2024, 5, 1), job_title="Lead")
        assert roles_of(person.id) == [("First", None, date(2024, 5, 1)), ("Second", date(2024, 5, 1), None)]

    def test_leaving_for_no_organisation_ends_the_spell(self, app_context):
        first = factories.OrganisationFactory(name="First")
        person = factories.PersonFactory(organisation=first)
        db.session.add(PersonRole(person=person, organisation=first, started_on=date(2020, 1, 1)))
        db.session.flush()
        assert move_person(person=person, organisation=None, on=date(2024, 5, 1)) is None
        assert person.organisation is None
        assert roles_of(person.id) == [("First", date(2020, 1, 1), date(2024, 5, 1))]

    def test_staying_put_changes_nothing(self, app_context):
        first = factories.OrganisationFactory(name="First")
        person = factories.PersonFactory(organisation=first)
        db.session.add(PersonRole(person=person, organisation=first, started_on=date(2020, 1, 1)))
        db.session.flush()
        assert move_person(person=person, organisation=first, on=date(2024, 5, 1)) is None
        assert roles_of(person.id) == [("First", date(2020, 1, 1), None)]


def test_a_stale_edit_is_refused_with_the_differences(officer_client, organisation):
    person = factories.PersonFactory(name="Amelia Hart", job_title="Analyst", organisation=organisation)
    mine = _edit_form(officer_client, person)
    theirs = _edit_form(officer_client, person)
    theirs["job_title"] = "Director"
    officer_client.post(f"/people/{person.id}/edit", data=theirs)

    mine["job_title"] = "Head of Policy"
    mine["phone"] = "01632 960 001"
    response = officer_client.post(f"/people/{person.id}/edit", data=mine)
    assert response.status_code == 200
    conflict = page(response).select_one("#edit-conflict")
    assert "Someone else changed this person while you were editing it" in conflict.get_text()
    rows = [[c.get_text(strip=True) for c in row.select("th, td")] for row in conflict.select("tbody tr")]
    assert ["Job title", "Director", "Head of Policy"] in rows
    assert ["Phone number", "", "01632 960 001"] in rows
    saved = fresh(person.id)
    assert (saved.job_title, saved.phone, saved.version) == ("Director", "", 2)
    # The form now shows the saved version, ready to be changed again.
    assert page(response).select_one("#job_title")["value"] == "Director"
    assert page(response).select_one("#version")["value"] == "2"


def test_a_form_sent_back_with_errors_keeps_the_version_it_was_opened_at(officer_client, organisation):
    person = factories.PersonFactory(name="Amelia Hart", organisation=organisation)
    mine = _edit_form(officer_client, person)
    theirs = dict(mine, job_title="Director")
    officer_client.post(f"/people/{person.id}/edit", data=theirs)
    response = officer_client.post(f"/people/{person.id}/edit", data=dict(mine, email="bad"))
    assert page(response).select_one("#version")["value"] == "1"
    retry = officer_client.post(f"/people/{person.id}/edit", data=dict(mine, email="ok@example.org"))
    assert page(retry).select_one("#edit-conflict") is not None
    assert fresh(person.id).email != "ok@example.org"


def test_a_missing_or_bad_version_is_a_conflict(officer_client, organisation):
    person = factories.PersonFactory(name="Amelia Hart", organisation=organisation)
    data = _edit_form(officer_client, person)
    for version in ("", "abc", "²"):
        response = officer_client.post(
            f"/people/{person.id}/edit", data=dict(data, version=version, job_title="X")
        )
        assert page(response).select_one("#edit-conflict") is not None
    assert fresh(person.id).job_title == ""


def test_viewers_cannot_write(viewer_client, organisation):
    person = factories.PersonFactory(name="Amelia Hart", organisation=organisation)
    before = people_count()
    assert viewer_client.get("/people/new").status_code == 403
    assert viewer_client.post("/people/new", data=valid()).status_code == 403
    assert viewer_client.get(f"/people/{person.id}/edit").status_code == 403
    response = viewer_client.post(f"/people/{person.id}/edit", data=valid(name="Changed", version="1"))
    assert response.status_code == 403
    assert people_count() == before
    assert fresh(person.id).name == "Amelia Hart"


def test_signed_out_users_are_sent_to_sign_in(client, organisation):
    person = factories.PersonFactory(organisation=organisation)
    for url in ("/people/new", f"/people/{person.id}/edit"):
        response = client.post(url, data=valid())
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_editing_a_missing_person_is_404(officer_client):
    assert officer_client.get("/people/987654/edit").status_code == 404


def test_an_erased_person_cannot_be_edited(officer_client):
    person = factories.PersonFactory(name="Erased person #1", email="", erased_at=datetime.now(UTC))
    response = officer_client.post(f"/people/{person.id}/edit", data=valid(version=str(person.version)))
    assert response.headers["Location"] == f"/people/{person.id}"
    assert fresh(person.id).name == "Erased person #1"
    assert page(officer_client.get(f"/people/{person.id}")).select_one("#change-link") is None


def test_the_forms_carry_the_token(app, officer_client, organisation, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    person = factories.PersonFactory(organisation=organisation)
    for url in ("/people/new", f"/people/{person.id}/edit"):
        assert page(officer_client.get(url)).select_one("#person-form input[name=csrf_token]")["value"]
    before = people_count()
    assert officer_client.post("/people/new", data=valid()).status_code == 400
    assert people_count() == before
