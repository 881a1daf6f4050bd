"""The dashboard's figures, checked against factory data and against the /actions/ views they link to."""

from __future__ import annotations

import re

import pytest

from crm.models import ActionStatus, Classification, Role
from tests import factories
from tests.conftest import sign_in
from tests.html import page, text_of
from tests.integration.actions.helpers import days, listed_titles
from tests.sql import count_queries


@pytest.fixture
def world(app):
    team = factories.TeamFactory(name="North")
    other_team = factories.TeamFactory(name="South")
    lead = factories.UserFactory(name="Lee Lead", role=Role.LEAD, team=team)
    ann = factories.UserFactory(name="Ann Officer", team=team)
    bob = factories.UserFactory(name="Bob Officer", team=team)
    sid = factories.UserFactory(name="Sid South", team=other_team)
    kestrel = factories.OrganisationFactory(name="Kestrel Social")
    beacon = factories.OrganisationFactory(name="Beacon Trust")
    # Ann owes 3 (1 overdue, 1 due in 3 days, 1 blocked with no date) and chases 2 (1 overdue).
    factories.ActionFactory(title="ann-overdue", owner_user=ann, due_on=days(-4), organisations=[kestrel])
    factories.ActionFactory(title="ann-soon", owner_user=ann, due_on=days(3), organisations=[kestrel])
    factories.ActionFactory(title="ann-blocked", owner_user=ann, status=ActionStatus.BLOCKED)
    factories.ActionFactory(title="ann-done", owner_user=ann, due_on=days(-9), status=ActionStatus.DONE)
    factories.ActionFactory(title="kestrel-owes", owner_organisation=kestrel, chaser=ann, due_on=days(-1))
    factories.ActionFactory(
        title="beacon-owes", owner_organisation=beacon, chaser=ann, organisations=[beacon]
    )
    # Bob owes 1, not overdue.
    factories.ActionFactory(title="bob-later", owner_user=bob, due_on=days(30), organisations=[beacon])
    # South's sensitive actions: never counted for North, even when owed by Ann or about Kestrel.
    for title, owner in (("south-secret", sid), ("secret-owed-by-ann", ann)):
        factories.ActionFactory(
            title=title,
            owner_user=owner,
            due_on=days(-3),
            classification=Classification.OFFICIAL_SENSITIVE,
            access_team=other_team,
            organisations=[kestrel],
        )
    factories.ActionFactory(
        title="kestrel-owes-secretly",
        owner_organisation=kestrel,
        chaser=ann,
        due_on=days(-3),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=other_team,
    )
    return {"lead": lead, "ann": ann, "bob": bob, "sid": sid, "kestrel": kestrel, "beacon": beacon}


def _card(response, element_id: str) -> tuple[int, str]:
    card = page(response).select_one(f"#{element_id}")
    return int(card.select_one(".app-count").get_text()), card.select_one("a")["href"]


def test_my_counts_match_the_views_they_link_to(app, world):
    client = sign_in(app.test_client(), world["ann"])
    response = client.get("/")
    expected = {
        "count-overdue": (1, "/actions/?owed_by=us&due=overdue", ["ann-overdue"]),
        "count-due-this-week": (1, "/actions/?owed_by=us&due=this-week", ["ann-soon"]),
        "count-blocked": (1, "/actions/?owed_by=us&status=blocked", ["ann-blocked"]),
        "count-partner-to-chase": (2, "/actions/?owed_by=partners", ["kestrel-owes", "beacon-owes"]),
    }
    for element_id, (count, href, titles) in expected.items():
        assert _card(response, element_id) == (count, href)
        assert listed_titles(client.get(href)) == titles
    assert text_of(response, "#count-outstanding") == "3"


def test_officers_do_not_see_team_figures(app, world):
    response = sign_in(app.test_client(), world["ann"]).get("/")
    assert page(response).select("#team-officers") == []
    assert page(response).select("#organisation-balance") == []


def _table(response, selector: str) -> dict[str, list[str]]:
    rows = page(response).select(f"{selector} tbody tr")
    return {
        row.select_one("th").get_text(strip=True): [
            cell.get_text(" ").split()[0] for cell in row.select("td")
        ]
        for row in rows
    }


def test_a_lead_sees_the_team_by_officer(app, world):
    client = sign_in(app.test_client(), world["lead"])
    response = client.get("/")
    assert _table(response, "#team-officers") == {
        "Ann Officer": ["3", "1", "2", "1"],
        "Bob Officer": ["1", "0", "0", "0"],
        "Lee Lead": ["0", "0", "0", "0"],
    }
    # Each figure links to the matching review, which lists the same number of actions.
    ann_row = page(response).select_one(f"#officer-{world['ann'].id}")
    for link in ann_row.select("a"):
        assert len(listed_titles(client.get(link["href"]))) == int(link.get_text(" ").split()[0])


def test_a_lead_sees_who_owes_whom_per_organisation(app, world):
    client = sign_in(app.test_client(), world["lead"])
    response = client.get("/")
    assert _table(response, "#organisation-balance") == {
        "Kestrel Social": ["2", "1"],  # we owe: ann-overdue, ann-soon; they owe: kestrel-owes
        "Beacon Trust": ["1", "1"],  # we owe: bob-later; they owe: beacon-owes
    }
    for link in page(response).select("#organisation-balance a"):
        assert len(listed_titles(client.get(link["href"]))) == int(link.get_text(" ").split()[0]), link[
            "href"
        ]


def test_south_sees_its_own_sensitive_actions_counted(app, world):
    sid = world["sid"]
    sid.role = Role.LEAD
    from crm.extensions import db

    db.session.commit()
    response = sign_in(app.test_client(), sid).get("/")
    assert _card(response, "count-overdue")[0] == 1
    assert _table(response, "#team-officers") == {"Sid South": ["1", "1", "0", "0"]}
    balance = _table(response, "#organisation-balance")
    assert balance["Kestrel Social"] == ["4", "2"]


def test_a_lead_with_no_team_is_told_why_there_are_no_team_figures(app, world):
    lead = factories.UserFactory(role=Role.LEAD)
    response = sign_in(app.test_client(), lead).get("/")
    assert "You are not in a team yet" in text_of(response, "#team-officers")


def test_an_admin_without_a_team_sees_everyone(app, world):
    admin = factories.UserFactory(role=Role.ADMIN, name="Ada Admin")
    response = sign_in(app.test_client(), admin).get("/")
    table = _table(response, "#team-officers")
    assert table["Sid South"] == ["1", "1", "0", "0"]
    assert table["Ann Officer"] == ["4", "2", "3", "2"]  # admins see every marking


def test_the_dashboard_keeps_meetings_and_contacts(app, world):
    from datetime import UTC, datetime, timedelta

    factories.EngagementFactory(title="Booked ahead", starts_at=datetime.now(UTC) + timedelta(days=3))
    factories.EngagementFactory(title="Held yesterday")
    response = sign_in(app.test_client(), world["ann"]).get("/")
    assert "Booked ahead" in text_of(response, "#upcoming")
    assert "Held yesterday" in text_of(response, "#recent")
    assert re.search(r"/account/#calendar", response.get_data(as_text=True))


def test_names_are_escaped_and_figures_have_accessible_link_text(app, world):
    payload = "<script>alert(1)</script>"
    organisation = factories.OrganisationFactory(name=f"Org {payload}")
    officer = factories.UserFactory(name=f"Officer {payload}", team=world["lead"].team)
    factories.ActionFactory(owner_user=officer, organisations=[organisation])
    response = sign_in(app.test_client(), world["lead"]).get("/")
    body = response.get_data(as_text=True)
    assert "<script>alert(1)" not in body
    assert f"Org {payload}" in text_of(response, "#organisation-balance")
    link = page(response).select_one(f"#officer-{officer.id} a")
    assert " ".join(link.get_text(" ").split()) == f"1 outstanding actions Officer {payload} owes"


def test_the_partnership_at_a_glance(lead_client, officer_client):
    from crm.models import CommitmentStatus, Sector
    from tests import factories
    from tests.html import page, text_of

    company = factories.OrganisationFactory(sector=Sector.TECHNOLOGY, name="Kestrel Social")
    first_ask = factories.five_asks()[0]
    factories.CommitmentFactory(organisation=company, ask=first_ask, status=CommitmentStatus.DELIVERED)
    factories.EngagementFactory()  # yesterday: this month or last, never both
    response = lead_client.get("/")
    months = text_of(response, "#month-comparison")
    assert "1 contact logged this month" in months or "against 1 in the whole of last month" in months
    rows = page(response).select("#scorecard-summary tbody tr")
    assert len(rows) == 5
    delivered_column = [
        th.get_text(strip=True) for th in page(response).select("#scorecard-summary thead th")
    ].index("Delivered")
    assert rows[0].select("th, td")[delivered_column].get_text(strip=True) == "1"
    assert "Kestrel Social" in text_of(response, "#quiet-organisations")
    # Officers see the month figure but not the briefing tables.
    officer_page = page(officer_client.get("/"))
    assert officer_page.select_one("#month-comparison") is not None
    assert officer_page.select_one("#scorecard-summary") is None


def test_a_lead_s_team_figures_are_kept_per_team_and_say_when_they_were_computed(app, world, caching):
    north = sign_in(app.test_client(), world["lead"])
    first = north.get("/")
    assert _table(first, "#team-officers")["Ann Officer"] == ["3", "1", "2", "1"]
    assert "Team figures and relationships gone quiet as of" in text_of(first, "#team-figures-as-of")

    # South's lead, in another team, never gets North's stored figures.
    south_lead = factories.UserFactory(name="Sue South", role=Role.LEAD, team=world["sid"].team)
    south = _table(sign_in(app.test_client(), south_lead).get("/"), "#team-officers")
    assert set(south) == {"Sid South", "Sue South"}

    # A new action is not counted until the kept figures are refreshed.
    factories.ActionFactory(title="ann-new", owner_user=world["ann"], due_on=days(-2))
    assert _table(north.get("/"), "#team-officers")["Ann Officer"] == ["3", "1", "2", "1"]
    refresh = page(north.get("/")).select_one("#refresh-team-figures")["href"]
    assert north.get(refresh).status_code == 303
    assert _table(north.get("/"), "#team-officers")["Ann Officer"] == ["4", "2", "2", "1"]


def test_the_lead_dashboard_runs_a_fixed_number_of_statements(app, world):
    client = sign_in(app.test_client(), world["lead"])
    client.get("/")  # the first request also loads what the session holds
    with count_queries(app) as few:
        client.get("/")
    for n in range(10):
        organisation = factories.OrganisationFactory(name=f"Organisation {n}")
        factories.ActionFactory(owner_user=world["bob"], due_on=days(-n), organisations=[organisation])
        factories.EngagementFactory(organisations=[organisation])
    with count_queries(app) as many:
        client.get("/")
    assert len(many) == len(few)


def test_with_its_team_figures_kept_the_lead_dashboard_runs_at_most_12_statements(app, world, caching):
    client = sign_in(app.test_client(), world["lead"])
    with count_queries(app) as cold:
        client.get("/")
    with count_queries(app) as warm:
        client.get("/")
    # Computing the team figures (3 statements) and the quiet relationships (2) takes 5 statements,
    # once in 5 minutes.
    assert len(warm) == len(cold) - 5
    assert len(warm) <= 12, warm
