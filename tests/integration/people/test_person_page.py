"""/people/<id> : contact details, do-not-contact, organisation history, engagements and actions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import render_template_string

from crm.extensions import db
from crm.models import Classification, Person, PersonRole
from tests import factories
from tests.html import page, text_of
from tests.integration.people.conftest import count_queries


@pytest.fixture
def person(app):
    organisation = factories.OrganisationFactory(name="Kestrel Messaging")
    return factories.PersonFactory(
        name="Amelia Hart",
        job_title="Head of Trust and Safety",
        email="amelia.hart@kestrel.example.org",
        phone="01632 960 001",
        notes="Prefers calls in the morning.\nCovers the EU too.",
        organisation=organisation,
    )


def summary(response) -> dict[str, str]:
    rows = page(response).select("#contact-details .govuk-summary-list__row")
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text(" ").split()
        )
        for row in rows
    }


def test_shows_contact_details(officer_client, person):
    response = officer_client.get(f"/people/{person.id}")
    assert text_of(response, "#person-name") == "Amelia Hart"
    details = summary(response)
    assert details["Job title"] == "Head of Trust and Safety"
    assert details["Organisation"] == "Kestrel Messaging"
    assert details["Email address"] == "amelia.hart@kestrel.example.org"
    assert details["Phone number"] == "01632 960 001"
    assert details["Do not contact"] == "No"
    assert details["Notes"] == "Prefers calls in the morning. Covers the EU too."
    assert page(response).select_one("#do-not-contact") is None
    assert (
        page(response).select_one("#contact-details a")["href"] == f"/organisations/{person.organisation.id}"
    )


def test_do_not_contact_is_prominent(officer_client, person):
    person.do_not_contact = True
    db.session.commit()
    response = officer_client.get(f"/people/{person.id}")
    badge = page(response).select_one("#do-not-contact .moj-badge")
    assert badge.get_text() == "Do not contact"
    assert "moj-badge--red" in badge["class"]
    assert "moj-badge--large" in badge["class"]
    assert "Do not contact this person" in text_of(response, "#do-not-contact .govuk-warning-text")
    assert summary(response)["Do not contact"] == "Yes"


def test_missing_person_is_404(officer_client):
    assert officer_client.get("/people/987654").status_code == 404


def test_organisation_history_newest_first(officer_client, person):
    earlier = factories.OrganisationFactory(name="Old Platform")
    first = factories.OrganisationFactory(name="First Job Ltd")
    db.session.add_all(
        [
            PersonRole(
                person=person, organisation=first, started_on=date(2015, 1, 5), ended_on=date(2018, 6, 1)
            ),
            PersonRole(
                person=person,
                organisation=earlier,
                job_title="Analyst",
                started_on=date(2018, 6, 1),
                ended_on=date(2022, 3, 31),
            ),
            PersonRole(person=person, organisation=person.organisation, started_on=date(2022, 4, 1)),
        ]
    )
    db.session.commit()
    rows = page(officer_client.get(f"/people/{person.id}")).select("#organisation-history tbody tr")
    cells = [[" ".join(td.get_text().split()) for td in row.select("td")] for row in rows]
    assert cells == [
        ["Kestrel Messaging", "", "1 April 2022", "Now"],
        ["Old Platform", "Analyst", "1 June 2018", "31 March 2022"],
        ["First Job Ltd", "", "5 January 2015", "1 June 2018"],
    ]


def test_engagements_they_attended_newest_first_through_the_access_scope(
    officer_client, admin_client, person
):
    now = datetime.now(UTC)
    other_team = factories.TeamFactory()
    older = factories.EngagementFactory(
        title="Quarterly review", starts_at=now - timedelta(days=90), people=[person]
    )
    newer = factories.EngagementFactory(
        title="Safety call", starts_at=now - timedelta(days=2), people=[person]
    )
    factories.EngagementFactory(title="Somebody else's meeting")
    secret = factories.EngagementFactory(
        title="Sensitive operation briefing",
        starts_at=now - timedelta(days=1),
        people=[person],
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=other_team,
    )
    response = officer_client.get(f"/people/{person.id}")
    links = page(response).select("#engagements .moj-timeline__title a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Safety call", f"/engagements/{newer.id}"),
        ("Quarterly review", f"/engagements/{older.id}"),
    ]
    assert "Sensitive operation" not in response.get_data(as_text=True)
    assert "OFFICIAL-SENSITIVE" not in text_of(response, "#classification-banner")

    as_admin = admin_client.get(f"/people/{person.id}")
    titles = [a.get_text() for a in page(as_admin).select("#engagements .moj-timeline__title a")]
    assert titles == [secret.title, "Safety call", "Quarterly review"]
    assert "OFFICIAL-SENSITIVE" in text_of(as_admin, "#classification-banner")


def test_actions_that_name_them_through_the_access_scope(officer_client, officer, admin_client, person):
    organisation = person.organisation
    named = factories.ActionFactory(
        title="Send the referral data", owner_organisation=organisation, owner_person=person, chaser=officer
    )
    factories.ActionFactory(title="Unrelated", owner_organisation=organisation, chaser=officer)
    factories.ActionFactory(
        title="Sensitive follow-up",
        owner_organisation=organisation,
        owner_person=person,
        chaser=officer,
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
    )
    response = officer_client.get(f"/people/{person.id}")
    links = page(response).select("#actions tbody a")
    assert [(a.get_text(), a["href"]) for a in links] == [("Send the referral data", f"/actions/{named.id}")]
    assert "Sensitive follow-up" in text_of(admin_client.get(f"/people/{person.id}"), "#actions")


def test_empty_sections_say_so(officer_client):
    lonely = factories.PersonFactory(name="New Contact", organisation=None)
    response = officer_client.get(f"/people/{lonely.id}")
    assert text_of(response, "#no-history") == "No organisation history recorded."
    assert text_of(response, "#no-engagements") == "No engagements recorded with New Contact."
    assert text_of(response, "#no-actions") == "No actions name New Contact."


def test_change_link_for_writers_only(officer_client, viewer_client, person):
    assert page(officer_client.get(f"/people/{person.id}")).select_one("#change-link")["href"] == (
        f"/people/{person.id}/edit"
    )
    assert page(viewer_client.get(f"/people/{person.id}")).select_one("#change-link") is None


def test_export_and_erase_links_for_admins_only(officer_client, admin_client, person):
    assert page(officer_client.get(f"/people/{person.id}")).select_one("#export-link") is None
    admin_page = page(admin_client.get(f"/people/{person.id}"))
    assert admin_page.select_one("#export-link")["href"] == f"/people/{person.id}/export"
    assert admin_page.select_one("#erase-link")["href"] == f"/people/{person.id}/erase"


def test_user_text_is_escaped(officer_client):
    person = factories.PersonFactory(
        name='<script>alert("x")</script>',
        notes='<img src=x onerror="alert(1)">\n<a href="javascript:alert(2)">click</a>',
        job_title="<b>bold</b>",
        email="x@example.org",
    )
    response = officer_client.get(f"/people/{person.id}")
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "<b>bold</b>" not in html
    assert text_of(response, "#person-name") == '<script>alert("x")</script>'
    assert '<img src=x onerror="alert(1)">' in summary(response)["Notes"]


def _history(person: Person, engagements: int) -> None:
    organisations = factories.OrganisationFactory.create_batch(3)
    for number, organisation in enumerate(organisations):
        db.session.add(
            PersonRole(person=person, organisation=organisation, started_on=date(2010 + number, 1, 1))
        )
    for _ in range(engagements):
        factories.EngagementFactory(people=[person], organisations=organisations)
        factories.ActionFactory(
            owner_organisation=organisations[0], owner_person=person, chaser=factories.UserFactory()
        )
    db.session.commit()


def test_page_costs_the_same_number_of_queries_whatever_the_history(app, officer_client):
    def statements_for(person: Person) -> int:
        with count_queries(app) as statements:
            response = officer_client.get(f"/people/{person.id}")
        assert response.status_code == 200
        return len(statements)

    small, large = factories.PersonFactory(), factories.PersonFactory()
    _history(small, engagements=2)
    _history(large, engagements=30)
    statements_for(small)  # warm up anything loaded once per process
    few = statements_for(small)
    assert statements_for(large) == few
    assert (
        len(page(officer_client.get(f"/people/{large.id}")).select("#engagements .moj-timeline__item")) == 30
    )


def test_person_link_macro(app, person):
    erased = factories.PersonFactory(
        name="Erased person #5", erased_at=datetime.now(UTC), do_not_contact=True
    )
    template = '{% from "macros/person.html" import person_link %}{{ person_link(person) }}'
    with app.test_request_context():
        plain = page_of(render_template_string(template, person=person))
        marked = page_of(render_template_string(template, person=erased))
    assert plain.select_one("a")["href"] == f"/people/{person.id}"
    assert plain.select_one("a").get_text() == "Amelia Hart"
    assert plain.select(".moj-badge") == []
    assert [b.get_text() for b in marked.select(".moj-badge")] == ["Erased", "Do not contact"]
    assert "moj-badge--red" in marked.select(".moj-badge")[1]["class"]


def page_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")
