"""The outstanding-actions review: default view, every filter, the counts, sorting, paging, speed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Action
from tests import factories
from tests.conftest import sign_in
from tests.html import page, text_of
from tests.integration.actions.helpers import (
    count_queries,
    days,
    facet_counts,
    listed_titles,
    option_texts,
)

DEFAULT_ORDER = ["overdue-mine", "partner-overdue", "blocked-mine", "later-mine", "from-meeting"]


@pytest.fixture
def me_client(app, scenario):
    return sign_in(app.test_client(), scenario.me)


def test_default_view_is_my_outstanding_actions_overdue_first(me_client):
    response = me_client.get("/actions/")
    assert response.status_code == 200
    assert text_of(response, "h1") == "Your outstanding actions"
    # Owed by me and owed by partners I chase; done, others' and other teams' sensitive ones left out.
    assert listed_titles(response) == DEFAULT_ORDER


def test_overdue_and_blocked_actions_carry_badges(me_client):
    soup = page(me_client.get("/actions/"))
    rows = {
        row.select_one("td a.govuk-link").get_text(strip=True): row
        for row in soup.select("#actions tbody tr")
    }
    assert [b.get_text() for b in rows["overdue-mine"].select(".moj-badge--red")] == ["Overdue by 3 days"]
    assert [b.get_text() for b in rows["partner-overdue"].select(".moj-badge--red")] == ["Overdue by 1 day"]
    assert [b.get_text() for b in rows["blocked-mine"].select(".moj-badge")] == ["Blocked"]
    assert not rows["later-mine"].select(".moj-badge")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("owed_by=us", ["overdue-mine", "blocked-mine", "later-mine", "from-meeting"]),
        ("owed_by=partners", ["partner-overdue"]),
        ("owed_by=either", DEFAULT_ORDER),
        ("due=overdue", ["overdue-mine", "partner-overdue"]),
        ("due=this-week", ["blocked-mine"]),
        ("due=later", ["later-mine"]),
        ("due=none", ["from-meeting"]),
        ("status=done", ["done-mine"]),
        ("status=blocked&status=done", ["done-mine", "blocked-mine"]),
        ("priority=high", ["overdue-mine"]),
        ("priority=low", ["blocked-mine"]),
        ("sector=charity", ["partner-overdue"]),
        ("sector=technology", ["overdue-mine"]),
        (
            "owner=team",
            ["overdue-mine", "partner-overdue", "mates-action", "blocked-mine", "later-mine", "from-meeting"],
        ),
        (
            "owner=anyone",
            [
                "overdue-mine",
                "partner-overdue",
                "mates-action",
                "blocked-mine",
                "later-mine",
                "from-meeting",
                "strangers-action",
            ],
        ),
        ("owner=me&due=overdue&owed_by=us", ["overdue-mine"]),
    ],
)
def test_each_filter(me_client, query, expected):
    assert listed_titles(me_client.get(f"/actions/?{query}")) == expected


def test_filters_by_named_officer_organisation_ask_and_engagement(me_client, scenario):
    ask_id = scenario.actions["later-mine"].ask_id
    assert listed_titles(me_client.get(f"/actions/?owner=user:{scenario.mate.id}")) == ["mates-action"]
    assert listed_titles(me_client.get(f"/actions/?owner=org:{scenario.beacon.id}")) == ["partner-overdue"]
    # An organisation filter finds actions linked to it and actions it owes.
    assert listed_titles(me_client.get(f"/actions/?organisation={scenario.kestrel.id}")) == ["overdue-mine"]
    assert listed_titles(me_client.get(f"/actions/?organisation={scenario.beacon.id}")) == ["partner-overdue"]
    assert listed_titles(me_client.get(f"/actions/?ask={ask_id}")) == ["later-mine"]
    response = me_client.get(f"/actions/?engagement={scenario.engagement.id}")
    assert listed_titles(response) == ["from-meeting"]
    assert "Quarterly review" in text_of(response, ".moj-filter__selected")


def test_counts_beside_each_filter_value(me_client, scenario):
    response = me_client.get("/actions/")
    assert facet_counts(response, "due") == {
        "Any due date": 5,
        "Overdue": 2,
        "Due in the next 7 days": 1,
        "Due later": 1,
        "No due date": 1,
    }
    assert facet_counts(response, "owed_by") == {"Either": 5, "Us": 4, "Partners": 1}
    # Done and cancelled actions pile up for ever, so they are counted only when chosen.
    assert facet_counts(response, "status") == {"Open": 4, "In progress": 0, "Blocked": 1}
    assert "Done" in option_texts(response, "status")
    assert facet_counts(response, "priority") == {"Any priority": 5, "High": 1, "Medium": 3, "Low": 1}
    # Only the chosen owner has a count (counting everyone's would read every outstanding action).
    assert facet_counts(response, "owner") == {"Me": 5}
    owners = option_texts(response, "owner")
    assert {"My team", "Anyone", "Ada Mate", "Zed Stranger", "Beacon Trust"} <= set(owners)
    assert facet_counts(response, "sector") == {
        "Technology company": 1,
        "Law enforcement": 0,
        "Charity / child protection": 1,
        "Government team": 0,
    }
    assert facet_counts(response, "organisation") == {"Beacon Trust": 1, "Kestrel Social": 1}
    assert list(facet_counts(response, "ask").values()) == [1]


def test_counts_follow_the_other_filters(me_client):
    # With due=overdue chosen, the status counts are of overdue actions, and due counts ignore due.
    response = me_client.get("/actions/?due=overdue")
    assert facet_counts(response, "status")["Open"] == 2
    assert facet_counts(response, "status")["Blocked"] == 0
    assert facet_counts(response, "due")["Overdue"] == 2
    assert facet_counts(response, "due")["Due later"] == 1
    assert facet_counts(response, "owed_by") == {"Either": 2, "Us": 1, "Partners": 1}


def test_another_teams_sensitive_actions_are_never_listed_or_counted(app, me_client, scenario):
    for query in (
        "",
        "owner=anyone",
        "owner=anyone&status=open&due=overdue",
        f"organisation={scenario.kestrel.id}",
    ):
        response = me_client.get(f"/actions/?{query}")
        body = response.get_data(as_text=True)
        assert "secret-" not in body
    response = me_client.get("/actions/?owner=anyone")
    assert facet_counts(response, "organisation")["Kestrel Social"] == 1  # not 2
    # A member of team B sees both.
    b_client = sign_in(app.test_client(), scenario.stranger)
    assert "secret-of-b" in listed_titles(b_client.get("/actions/?owner=anyone"))
    assert "secret-owed-by-me" in listed_titles(b_client.get("/actions/?owner=anyone"))


def test_sorting(me_client, scenario):
    by_priority = listed_titles(me_client.get("/actions/?sort=priority"))
    assert by_priority == ["overdue-mine", "partner-overdue", "later-mine", "from-meeting", "blocked-mine"]
    by_organisation = listed_titles(me_client.get("/actions/?sort=organisation"))
    assert by_organisation == [
        "partner-overdue",
        "overdue-mine",
        "blocked-mine",
        "later-mine",
        "from-meeting",
    ]
    later = db.session.get(Action, scenario.actions["later-mine"].id)
    later.description = "touched"
    db.session.commit()
    assert listed_titles(me_client.get("/actions/?sort=updated"))[0] == "later-mine"


def test_links_keep_the_view_bookmarkable(me_client):
    response = me_client.get("/actions/?owner=me&due=overdue")
    assert listed_titles(response) == ["overdue-mine", "partner-overdue"]
    soup = page(response)
    sort_links = {a.get_text(): a["href"] for a in soup.select("#sort-links a")}
    assert sort_links["Priority"] == "/actions/?due=overdue&sort=priority"
    tags = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".moj-filter__tag")}
    assert tags == {"Remove this filter Overdue": "/actions/"}


def test_unknown_filter_values_are_ignored_and_explained(me_client):
    response = me_client.get("/actions/?due=someday&owner=everyone&sort=colour&status=zzz&organisation=x1")
    assert response.status_code == 200
    assert listed_titles(response) == DEFAULT_ORDER
    warning = text_of(response, "#ignored-filters")
    for fragment in (
        'Due "someday"',
        'Owner "everyone"',
        'Sort order "colour"',
        'Status "zzz"',
        'Organisation "x1"',
    ):
        assert fragment in warning


def test_pages_of_fifty_keep_the_filters(app, officer, officer_client):
    for n in range(55):
        factories.ActionFactory(title=f"Paged {n:02d}", owner_user=officer, due_on=days(n))
    first = officer_client.get("/actions/?due=later")
    assert len(listed_titles(first)) == 47  # due today to 7 days ahead is "this week"
    everything = officer_client.get("/actions/")
    assert len(listed_titles(everything)) == 50
    next_link = page(everything).select_one(".govuk-pagination__next a")["href"]
    assert next_link == "/actions/?page=2"
    assert listed_titles(officer_client.get(next_link)) == [f"Paged {n:02d}" for n in range(50, 55)]
    filtered = page(officer_client.get("/actions/?owed_by=us&page=1"))
    assert filtered.select_one(".govuk-pagination__next a")["href"] == "/actions/?owed_by=us&page=2"


def test_empty_state_says_what_to_do(officer_client):
    response = officer_client.get("/actions/")
    assert "No actions match these filters" in text_of(response, "#no-actions")
    assert page(response).select_one("#no-actions a[href='/actions/new']") is not None


def test_viewer_sees_the_list_without_bulk_update(app, viewer, scenario):
    client = sign_in(app.test_client(), viewer)
    response = client.get("/actions/?owner=anyone")
    assert "overdue-mine" in listed_titles(response)
    soup = page(response)
    assert soup.select("#bulk-update") == [] and soup.select("input[name=action_id]") == []
    assert soup.select("a[href='/actions/new']") == []


def test_titles_and_names_are_escaped(officer, officer_client):
    payload = '<script>alert("x")</script>'
    organisation = factories.OrganisationFactory(name=f"Org {payload}")
    factories.ActionFactory(title=payload, owner_user=officer, organisations=[organisation])
    response = officer_client.get("/actions/")
    body = response.get_data(as_text=True)
    assert "<script>alert" not in body
    assert payload in listed_titles(response)
    assert f"Org {payload}" in text_of(response, "#actions tbody")


def _seed(officer, count):
    organisations = [factories.OrganisationFactory() for _ in range(3)]
    asks = factories.five_asks()
    for n in range(count):
        kwargs = (
            {"owner_user": officer}
            if n % 2
            else {"owner_organisation": organisations[n % 3], "chaser": officer, "owner_person": None}
        )
        factories.ActionFactory(
            title=f"Load {n}",
            due_on=days(n - count // 2),
            ask=asks[n % 5],
            organisations=organisations[: n % 3 + 1],
            engagement=None,
            **kwargs,
        )


@pytest.mark.parametrize("query", ["", "?owner=anyone&sort=organisation&due=overdue&sector=technology"])
def test_the_page_makes_a_fixed_number_of_queries(app, officer, officer_client, query):
    def measure() -> int:
        # As a request's own session would find it: the tests share one session across requests, where
        # a page's partial loads of a user (names only) would otherwise leave the next page lazy loads.
        db.session.expire_all()
        with count_queries(app) as statements:
            response = officer_client.get(f"/actions/{query}")
        assert response.status_code == 200
        return len(statements)

    _seed(officer, 5)
    few = measure()
    _seed(officer, 75)
    many = measure()
    assert db.session.scalar(select(db.func.count(Action.id))) == 80
    assert few == many, f"{few} queries with 5 actions, {many} with 80"
    assert many <= 12


def test_chosen_done_and_cancelled_statuses_are_counted(me_client):
    response = me_client.get("/actions/?status=done&status=open")
    assert facet_counts(response, "status") == {
        "Open": 4,
        "In progress": 0,
        "Blocked": 1,
        "Done": 1,
    }
    assert "done-mine" in listed_titles(response)


def test_the_chosen_owner_is_counted(me_client, scenario):
    assert facet_counts(me_client.get("/actions/?owner=team"), "owner") == {"My team": 6}
    response = me_client.get(f"/actions/?owner=org:{scenario.beacon.id}")
    assert facet_counts(response, "owner") == {"Beacon Trust": 1}


def _busy_organisations(officer, count):
    """count organisations, the nth linked to n + 1 of the officer's actions."""
    organisations = [factories.OrganisationFactory(name=f"Busy {n:02d}") for n in range(count)]
    for n, organisation in enumerate(organisations):
        for _ in range(n + 1):
            factories.ActionFactory(owner_user=officer, organisations=[organisation], engagement=None)
    return organisations


def test_organisation_filter_lists_the_twenty_with_most_actions(officer, officer_client):
    organisations = _busy_organisations(officer, 23)
    options = option_texts(officer_client.get("/actions/"), "organisation")
    assert options == ["Any organisation", *(f"Busy {n:02d}" for n in range(22, 2, -1))]
    assert facet_counts(officer_client.get("/actions/"), "organisation")["Busy 22"] == 23
    # One outside the twenty, chosen by a bookmarked URL, is listed, selected and named.
    quiet = organisations[0]
    response = officer_client.get(f"/actions/?organisation={quiet.id}")
    assert len(listed_titles(response)) == 1
    selected = page(response).select_one("#filter-organisation option[selected]")
    assert selected["value"] == str(quiet.id)
    assert facet_counts(response, "organisation")["Busy 00"] == 1
    assert "Busy 00" in text_of(response, ".moj-filter__selected")


def test_another_organisation_can_be_chosen_by_typing_its_name(officer, officer_client):
    organisations = _busy_organisations(officer, 3)
    response = officer_client.get("/actions/?due=&organisation=&organisation_name=busy+01&owed_by=us")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/actions/?owed_by=us&organisation={organisations[1].id}"
    # Several matches: a link for each, keeping the other filters.
    response = officer_client.get("/actions/?organisation_name=Busy&owed_by=us")
    assert response.status_code == 200
    links = {a.get_text(strip=True): a["href"] for a in page(response).select("#organisation-matches a")}
    assert links == {
        f"Busy {n:02d}": f"/actions/?organisation={organisations[n].id}&owed_by=us" for n in range(3)
    }
    response = officer_client.get("/actions/?organisation_name=Nowhere%25")
    assert "No organisation" in text_of(response, "#organisation-matches")
    assert page(response).select_one("#filter-organisation-name")["value"] == "Nowhere%"
