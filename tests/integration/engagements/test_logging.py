"""Logging a contact: the form, saving a multi-organisation meeting with follow-ups in one transaction,
the no-JavaScript paths (find an organisation, add another action, remove a row) and timelines."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from crm.extensions import db
from crm.models import (
    Action,
    ActionStatus,
    Classification,
    Engagement,
    OrganisationAlias,
    Person,
    Sector,
    engagement_organisations,
    engagement_people,
)
from crm.services.access import visible
from crm.timezones import london_today, to_london
from tests import factories
from tests.html import error_summary, page, text_of
from tests.integration.engagements.conftest import contact_form, count_queries, counts


def _engagement_id(response) -> int:
    match = re.fullmatch(r"/engagements/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def test_the_form_starts_as_a_meeting_now_by_the_signed_in_officer(officer_client, officer):
    response = officer_client.get("/engagements/new")
    doc = page(response)
    assert doc.select_one("h1").get_text(strip=True) == "Log a contact"
    assert doc.select_one("input[name=kind][value=meeting]").has_attr("checked")
    today = london_today()
    assert doc.select_one("#date-day")["value"] == str(today.day)
    assert doc.select_one("#date-year")["value"] == str(today.year)
    start = doc.select_one("#start_time")["value"]
    now = to_london(datetime.now(UTC))
    assert re.fullmatch(r"\d\d:\d\d", start)
    minutes_apart = (now.hour * 60 + now.minute - int(start[:2]) * 60 - int(start[3:])) % (24 * 60)
    assert minutes_apart <= 2  # the page was rendered a moment ago (modulo midnight)
    assert "24-hour clock" in text_of(response, "#start_time-hint")
    ticked = [box["value"] for box in doc.select("input[name=officer_ids][checked]")]
    assert ticked == [str(officer.id)]
    assert doc.select_one("input[name=classification][value=official]").has_attr("checked")
    # The reminder sits by the notes field.
    assert "Never record abuse material. Record information about the partnership work only." in text_of(
        response, "#summary-hint"
    )
    assert doc.select_one("#summary-hint strong")  # bold, and real markup (not escaped tags)
    assert doc.select_one("#summary")["aria-describedby"].startswith("summary-hint")
    # One blank follow-up row, owed by the signed-in officer by default, and the add-another button.
    assert doc.select_one("#actions-0-owner option[selected]")["value"] == f"user:{officer.id}"
    assert doc.select_one("button[name=add_action]")


def test_the_five_asks_and_only_active_officers_are_offered(officer_client, officer):
    leaver = factories.UserFactory(name="Lena Leaver", active=False)
    response = officer_client.get("/engagements/new")
    doc = page(response)
    asks = [label.get_text(strip=True) for label in doc.select("#ask_ids label, [for^=ask_ids]")]
    assert len({box["value"] for box in doc.select("input[name=ask_ids]")}) == 5
    assert any("Block child sexual abuse material" in text for text in asks)
    officers = {box["value"] for box in doc.select("input[name=officer_ids]")}
    assert str(officer.id) in officers
    assert str(leaver.id) not in officers


def test_prefill_from_an_organisation_or_a_person(officer_client):
    organisation = factories.OrganisationFactory(name="Kestrel Social")
    colleague = factories.PersonFactory(name="Ada Byron", organisation=organisation)
    response = officer_client.get(f"/engagements/new?organisation={organisation.id}")
    doc = page(response)
    assert doc.select_one("#organisation_ids")["value"] == str(organisation.id)
    assert doc.select_one("#organisation_ids").has_attr("checked")
    assert "Ada Byron" in text_of(response, "#people-group")
    assert not doc.select_one(f"input[name=person_ids][value='{colleague.id}']").has_attr("checked")

    response = officer_client.get(f"/engagements/new?person={colleague.id}")
    doc = page(response)
    assert doc.select_one("#organisation_ids")["value"] == str(organisation.id)
    assert doc.select_one(f"input[name=person_ids][value='{colleague.id}']").has_attr("checked")


def test_a_bad_prefill_is_ignored(officer_client):
    response = officer_client.get("/engagements/new?organisation=99999&person=abc")
    assert response.status_code == 200
    assert page(response).select_one("#no-organisations")


def test_a_multi_organisation_meeting_with_two_follow_ups_is_saved_in_one_transaction(
    app, officer_client, officer
):
    colleague = factories.UserFactory(name="Colm Colleague")
    platform = factories.OrganisationFactory(name="Kestrel Social", sector=Sector.TECHNOLOGY)
    police = factories.OrganisationFactory(name="Northshire Police", sector=Sector.LAW_ENFORCEMENT)
    charity = factories.OrganisationFactory(name="Safe Harbour Trust", sector=Sector.CHARITY)
    ada = factories.PersonFactory(name="Ada Byron", organisation=platform)
    bea = factories.PersonFactory(name="Bea Ward", organisation=police)
    asks = factories.five_asks()
    day = london_today() - timedelta(days=2)
    data = contact_form(
        organisations=[platform, police, charity],
        people=[ada, bea],
        officers=[officer, colleague],
        asks=asks[:2],
        day=day,
        start="14:30",
        end="16:00",
        title="Grooming roundtable",
        summary="Agreed to share hash lists.\nNext meeting in spring.",
        actions=[
            {
                "title": "Send the draft protocol",
                "owner": f"user:{officer.id}",
                "due_on": day + timedelta(days=7),
            },
            {
                "title": "Share takedown figures",
                "owner": f"org:{platform.id}",
                "chaser_id": str(colleague.id),
                "due_on": day + timedelta(days=14),
                "organisation_id": str(police.id),
                "ask_id": str(asks[1].id),
            },
        ],
        new_person_name="Cy Newcomer",
        new_person_email="Cy@Charity.example.org",
        new_person_organisation_id=str(charity.id),
    )
    with count_queries(app) as statements:
        response = officer_client.post("/engagements/new", data=data)
    assert response.status_code == 302, error_summary(response)
    engagement_id = _engagement_id(response)
    print(
        f"\nQueries for saving a 3-organisation meeting with 2 follow-ups and a new person: {len(statements)}"
    )
    assert len(statements) <= 30

    engagement = db.session.get(Engagement, engagement_id)
    assert engagement.title == "Grooming roundtable"
    assert engagement.kind.value == "meeting"
    assert to_london(engagement.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day.isoformat()} 14:30"
    assert engagement.starts_at.utcoffset() == timedelta(0)
    assert to_london(engagement.ends_at).strftime("%H:%M") == "16:00"
    assert [o.name for o in engagement.organisations] == [
        "Kestrel Social",
        "Northshire Police",
        "Safe Harbour Trust",
    ]
    assert [p.name for p in engagement.people] == ["Ada Byron", "Bea Ward", "Cy Newcomer"]
    assert {u.id for u in engagement.officers} == {officer.id, colleague.id}
    assert [a.id for a in engagement.asks] == [asks[0].id, asks[1].id]
    assert engagement.created_by_id == officer.id
    newcomer = db.session.scalars(select(Person).where(Person.name == "Cy Newcomer")).one()
    assert newcomer.organisation_id == charity.id
    assert newcomer.email == "cy@charity.example.org"

    actions = db.session.scalars(
        select(Action).where(Action.engagement_id == engagement_id).order_by(Action.id)
    ).all()
    assert [a.title for a in actions] == ["Send the draft protocol", "Share takedown figures"]
    ours, theirs = actions
    assert ours.owner_user_id == officer.id and ours.owner_organisation_id is None
    assert ours.status == ActionStatus.OPEN
    assert ours.due_on == day + timedelta(days=7)
    assert theirs.owner_organisation_id == platform.id and theirs.chaser_id == colleague.id
    assert theirs.owner_user_id is None
    assert {o.id for o in theirs.organisations} == {platform.id, police.id}
    assert theirs.ask_id == asks[1].id
    assert all(a.classification == Classification.OFFICIAL and a.access_team_id is None for a in actions)
    assert all(a.created_by_id == officer.id for a in actions)

    # The engagement page, with the success banner.
    response = officer_client.get(f"/engagements/{engagement_id}")
    doc = page(response)
    assert "Contact logged with 2 follow-up actions: Grooming roundtable" in text_of(
        response, ".govuk-notification-banner--success"
    )
    assert text_of(response, "#classification-banner").startswith("OFFICIAL")
    hrefs = {a["href"] for a in doc.select("#engagement-summary a")}
    for organisation in (platform, police, charity):
        assert f"/organisations/{organisation.id}" in hrefs
    for person in (ada, bea, newcomer):
        assert f"/people/{person.id}" in hrefs
    summary = text_of(response, "#engagement-summary")
    assert "2:30pm to" in summary and "4:00pm" in summary
    assert "Agreed to share hash lists." in summary
    rows = doc.select("#engagement-actions tbody tr")
    assert [r.select_one("a").get_text(strip=True) for r in rows] == [
        "Send the draft protocol",
        "Share takedown figures",
    ]
    assert [r.select_one(".moj-badge").get_text(strip=True) for r in rows] == ["Open", "Open"]
    assert "(chased by Colm Colleague)" in rows[1].get_text(" ")


def test_a_save_reads_only_the_officers_it_names_and_a_refused_one_offers_them_all(
    app, officer_client, officer
):
    colleague = factories.UserFactory(name="Colm Colleague")
    bystander = factories.UserFactory(name="Bea Bystander")
    platform = factories.OrganisationFactory(name="Kestrel Social")
    row = {"title": "Send the protocol", "owner": f"user:{colleague.id}", "chaser_id": str(officer.id)}
    row["due_on"] = london_today() + timedelta(days=7)
    data = contact_form(organisations=[platform], officers=[officer], actions=[row])
    with count_queries(app) as statements:
        response = officer_client.post("/engagements/new", data=data)
    assert response.status_code == 302, error_summary(response)
    # The list of every officer is for showing the form; a save (inside SQLite's write lock) reads
    # only the officers it names.
    officer_reads = [s for s in statements if re.search(r"FROM users\b", s)]
    by_id = [s for s in officer_reads if re.search(r"WHERE users\.id (=|IN)", s)]
    assert officer_reads and by_id == officer_reads, officer_reads

    refused = officer_client.post("/engagements/new", data={**data, "title": ""})
    assert refused.status_code == 200
    assert error_summary(refused)
    offered = {box["value"] for box in page(refused).select("input[name=officer_ids]")}
    assert {str(officer.id), str(colleague.id), str(bystander.id)} <= offered
    owners = {o["value"] for o in page(refused).select("#actions-0-owner option")}
    assert f"user:{bystander.id}" in owners
    assert counts()[0] == 1


def test_the_engagement_is_on_every_involved_timeline_at_once(officer_client, officer):
    platform = factories.OrganisationFactory()
    police = factories.OrganisationFactory()
    bystander = factories.OrganisationFactory()
    ada = factories.PersonFactory(organisation=platform)
    bea = factories.PersonFactory(organisation=police)
    response = officer_client.post(
        "/engagements/new",
        data=contact_form(
            organisations=[platform, police], people=[ada, bea], officers=[officer], title="Timeline"
        ),
    )
    engagement_id = _engagement_id(response)

    def on_timeline(link_table, column, record_id):
        stmt = (
            select(Engagement.id)
            .join(link_table, link_table.c.engagement_id == Engagement.id)
            .where(link_table.c[column] == record_id)
        )
        return list(db.session.scalars(visible(stmt, Engagement, officer)))

    assert on_timeline(engagement_organisations, "organisation_id", platform.id) == [engagement_id]
    assert on_timeline(engagement_organisations, "organisation_id", police.id) == [engagement_id]
    assert on_timeline(engagement_organisations, "organisation_id", bystander.id) == []
    assert on_timeline(engagement_people, "person_id", ada.id) == [engagement_id]
    assert on_timeline(engagement_people, "person_id", bea.id) == [engagement_id]


def test_a_future_meeting_shows_on_the_dashboard(officer_client, officer):
    organisation = factories.OrganisationFactory(name="Kestrel Social")
    response = officer_client.post(
        "/engagements/new",
        data=contact_form(
            organisations=[organisation],
            officers=[officer],
            day=london_today() + timedelta(days=10),
            title="Booked: quarterly review",
        ),
    )
    assert response.status_code == 302, error_summary(response)
    dashboard = officer_client.get("/")
    assert "Booked: quarterly review" in text_of(dashboard, "#upcoming")


def test_blank_action_rows_are_ignored(officer_client, officer):
    organisation = factories.OrganisationFactory()
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        actions=[{"owner": f"user:{officer.id}", "chaser_id": str(officer.id)}, {}],
    )
    response = officer_client.post("/engagements/new", data=data)
    assert response.status_code == 302, error_summary(response)
    assert counts() == (1, 0)


def test_add_another_action_without_javascript_keeps_everything_and_saves_nothing(officer_client, officer):
    organisation = factories.OrganisationFactory(name="Kestrel Social")
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        title="Still typing",
        actions=[{"title": "First follow-up", "owner": f"user:{officer.id}"}],
        button="add_action",
    )
    response = officer_client.post("/engagements/new", data=data)
    assert response.status_code == 200
    doc = page(response)
    assert not doc.select(".govuk-error-summary")
    assert doc.select_one("#title")["value"] == "Still typing"
    assert doc.select_one("#actions-0-title")["value"] == "First follow-up"
    assert doc.select_one("#actions-1-title")["value"] == ""
    assert doc.select_one("#actions-1-owner option[selected]")["value"] == f"user:{officer.id}"
    assert len(doc.select(".app-action-row")) == 2
    assert doc.select_one("#organisation_ids")["value"] == str(organisation.id)
    # Each row can now be removed, and the "add" button jumps to the new row.
    assert [b["value"] for b in doc.select("button[name=remove_action]")] == ["0", "1"]
    assert doc.select_one("#add-action")["formaction"].endswith("#action-3")
    assert counts() == (0, 0)


def test_remove_a_row_without_javascript(officer_client, officer):
    organisation = factories.OrganisationFactory()
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        actions=[{"title": "Drop me"}, {"title": "Keep me", "owner": f"user:{officer.id}"}],
        button="remove_action",
    )
    data["remove_action"] = "0"
    response = officer_client.post("/engagements/new", data=data)
    doc = page(response)
    assert [row.select_one("input[id$=-title]")["value"] for row in doc.select(".app-action-row")] == [
        "Keep me"
    ]
    assert doc.select_one("#actions-0-title")["value"] == "Keep me"
    assert not doc.select("button[name=remove_action]")  # the last row stays
    assert counts() == (0, 0)


def test_find_an_organisation_without_javascript(officer_client, officer):
    kestrel = factories.OrganisationFactory(name="Kestrel Social")
    factories.OrganisationFactory(name="Northshire Police")
    archived = factories.OrganisationFactory(name="Kestrel Legacy", archived_at=datetime.now(UTC))
    renamed = factories.OrganisationFactory(name="Harbour Apps")
    db.session.add(OrganisationAlias(organisation=renamed, name="Kestrel Kids"))
    db.session.commit()
    data = contact_form(
        officers=[officer],
        title="Typed before searching",
        organisation_query="KEST",
        button="find_organisation",
    )
    response = officer_client.post("/engagements/new", data=data)
    doc = page(response)
    assert not doc.select(".govuk-error-summary")
    found = [box["value"] for box in doc.select("#organisation-results input[name=organisation_ids]")]
    assert found == [str(kestrel.id), str(renamed.id)]  # names starting with the search come first
    assert str(archived.id) not in found
    assert doc.select_one("#title")["value"] == "Typed before searching"
    assert counts() == (0, 0)

    # Tick a result and add it: it becomes a chosen organisation and its people are listed.
    factories.PersonFactory(name="Ada Byron", organisation=kestrel)
    data.pop("find_organisation")
    data.update({"organisation_ids": [str(kestrel.id)], "add_organisations": "1"})
    response = officer_client.post("/engagements/new", data=data)
    doc = page(response)
    assert [box["value"] for box in doc.select("#chosen-organisations input[checked]")] == [str(kestrel.id)]
    assert "Ada Byron" in text_of(response, "#people-group")
    assert [box["value"] for box in doc.select("#organisation-results input")] == [str(renamed.id)]
    assert counts() == (0, 0)


def test_find_with_an_empty_box_says_what_to_do(officer_client, officer):
    response = officer_client.post(
        "/engagements/new", data=contact_form(officers=[officer], button="find_organisation")
    )
    assert error_summary(response) == ["Enter part of an organisation's name to find it"]
    assert page(response).select_one(".govuk-error-summary a")["href"] == "#organisation_query"


def test_find_nothing_says_so(officer_client, officer):
    data = contact_form(officers=[officer], organisation_query="zzz%_", button="find_organisation")
    response = officer_client.post("/engagements/new", data=data)
    assert "No organisations match" in text_of(response, "#no-results")


def test_a_person_added_on_the_spot_needs_a_name_and_a_chosen_organisation(officer_client, officer):
    chosen = factories.OrganisationFactory()
    elsewhere = factories.OrganisationFactory()
    data = contact_form(
        organisations=[chosen],
        officers=[officer],
        new_person_email="nameless@example.org",
        new_person_organisation_id=str(elsewhere.id),
    )
    response = officer_client.post("/engagements/new", data=data)
    assert error_summary(response) == [
        "Enter the new person's name",
        "Select the organisation the new person works at, from the organisations on this contact",
    ]
    assert page(response).select_one("#new-person").has_attr("open")
    data.update(
        new_person_name="Named", new_person_email="not-an-email", new_person_organisation_id=str(chosen.id)
    )
    response = officer_client.post("/engagements/new", data=data)
    assert error_summary(response) == ["Enter an email address in the correct format, like name@example.org"]
    assert counts() == (0, 0)
    assert db.session.scalars(select(Person).where(Person.name == "Named")).first() is None


def test_the_form_carries_a_csrf_token_and_needs_it(app, officer):
    from tests.conftest import sign_in

    organisation = factories.OrganisationFactory()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = sign_in(app.test_client(), officer)
        token = page(client.get("/engagements/new")).select_one("input[name=csrf_token]")["value"]
        refused = client.post(
            "/engagements/new", data=contact_form(organisations=[organisation], officers=[officer])
        )
        assert refused.status_code == 400
        assert counts() == (0, 0)
        data = contact_form(organisations=[organisation], officers=[officer], csrf_token=token)
        assert client.post("/engagements/new", data=data).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_type_ahead_suggests_organisations_as_json(officer_client, viewer_client):
    from tests import factories

    factories.OrganisationFactory(name="Kestrel Social")
    factories.OrganisationFactory(name="Lumen Video")
    response = officer_client.get("/engagements/organisations.json?q=kest")
    assert [item["name"] for item in response.get_json()] == ["Kestrel Social"]
    assert response.get_json()[0]["sector"] == "Technology company"
    assert officer_client.get("/engagements/organisations.json?q=k").get_json() == []
    assert viewer_client.get("/engagements/organisations.json?q=kest").status_code == 403
