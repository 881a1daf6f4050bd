"""The organisations list: filters, sorting, pagination, counts and archived organisations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crm.models import Classification, RelationshipStatus, Role, Sector
from tests import factories
from tests.conftest import sign_in
from tests.html import page, text_of


def result_names(response) -> list[str]:
    return [
        link.get_text(strip=True)
        for link in page(response).select("#organisations tbody tr td:first-child a")
    ]


def days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


@pytest.fixture
def spread(make_organisation, officer):
    lead = factories.UserFactory(name="Lena Lead")
    orgs = {
        "apex": make_organisation(
            "Apex Chat",
            sub_type="messaging platform",
            country="United States",
            tags=["encryption"],
            lead_officer=lead,
        ),
        "birch": make_organisation(
            "Birch Police",
            sector=Sector.LAW_ENFORCEMENT,
            sub_type="police force",
            relationship_status=RelationshipStatus.DORMANT,
        ),
        "cove": make_organisation(
            "Cove Helpline", sector=Sector.CHARITY, sub_type="helpline", tags=["helplines"]
        ),
        "dale": make_organisation(
            "Dale Games", relationship_status=RelationshipStatus.PROSPECTIVE, archived_at=days_ago(3)
        ),
    }
    factories.EngagementFactory(organisations=[orgs["apex"]], starts_at=days_ago(10))
    factories.EngagementFactory(organisations=[orgs["birch"]], starts_at=days_ago(200))
    return orgs


def test_the_list_shows_current_organisations_by_name_with_counts(viewer_client, spread):
    response = viewer_client.get("/organisations/")
    assert result_names(response) == ["Apex Chat", "Birch Police", "Cove Helpline"]
    assert "Showing 1 to 3 of 3 organisations" in text_of(response, "#results-summary")
    assert "Technology company (1)" in text_of(response, "#filter-sector")
    assert "Dormant (1)" in text_of(response, "#filter-status")
    row = page(response).select("#organisations tbody tr")[0]
    cells = [" ".join(cell.get_text(" ").split()) for cell in row.select("td")]
    assert cells[1:4] == ["Technology company", "Active", "Lena Lead"]
    assert cells[4] == f"{days_ago(10).day} {days_ago(10):%B %Y}"


@pytest.mark.parametrize(
    ("query", "sector_counts", "status_counts"),
    [
        # Each facet counts what choosing that option would show, with every other filter applied.
        ("", [1, 1, 1, 0], [2, 1, 0, 0]),
        ("sector=technology", [1, 1, 1, 0], [1, 0, 0, 0]),
        ("status=dormant", [0, 1, 0, 0], [2, 1, 0, 0]),
        ("sector=technology&sector=charity&status=active", [1, 0, 1, 0], [2, 0, 0, 0]),
        ("sector=law-enforcement&status=active&status=dormant", [1, 1, 1, 0], [0, 1, 0, 0]),
        ("archived=include&sector=technology", [2, 1, 1, 0], [1, 0, 1, 0]),
    ],
)
def test_each_facet_counts_with_the_other_filters_applied(
    viewer_client, spread, query, sector_counts, status_counts
):
    response = viewer_client.get(f"/organisations/?{query}")

    def counts(facet: str) -> list[int]:
        labels = page(response).select(f"#filter-{facet} label")
        return [int(label.get_text().rsplit("(", 1)[1].rstrip(")")) for label in labels]

    assert counts("sector")[:4] == sector_counts  # technology, law enforcement, charity, government
    assert counts("status") == [*status_counts]  # active, dormant, prospective, closed


def test_archived_organisations_are_hidden_unless_asked_for(viewer_client, spread):
    assert "Dale Games" not in result_names(viewer_client.get("/organisations/"))
    assert result_names(viewer_client.get("/organisations/?archived=only")) == ["Dale Games"]
    assert "Dale Games" in result_names(viewer_client.get("/organisations/?archived=include"))
    response = viewer_client.get("/organisations/?archived=only")
    assert "Archived" in text_of(response, "#organisations tbody")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=technology", ["Apex Chat"]),
        ("sector=technology&sector=charity", ["Apex Chat", "Cove Helpline"]),
        ("status=dormant", ["Birch Police"]),
        ("sub_type=helpline", ["Cove Helpline"]),
        ("tag=encryption", ["Apex Chat"]),
        ("country=United+States", ["Apex Chat"]),
        ("no_contact=30", ["Birch Police", "Cove Helpline"]),
        ("no_contact=365", ["Cove Helpline"]),
        ("sort=name-desc", ["Cove Helpline", "Birch Police", "Apex Chat"]),
        ("sort=recent-contact", ["Apex Chat", "Birch Police", "Cove Helpline"]),
        ("sort=quiet", ["Cove Helpline", "Birch Police", "Apex Chat"]),
    ],
)
def test_filters_and_sorts(viewer_client, spread, query, expected):
    assert result_names(viewer_client.get(f"/organisations/?{query}")) == expected


def test_lead_officer_filter(viewer_client, spread):
    lead_id = spread["apex"].lead_officer_id
    assert result_names(viewer_client.get(f"/organisations/?lead={lead_id}")) == ["Apex Chat"]


def test_unknown_filter_values_are_ignored_and_named(viewer_client, spread):
    response = viewer_client.get(
        "/organisations/?sector=spaceships&status=x&sort=DROP+TABLE&no_contact=7&lead=abc&tag=nope&archived=all&page=-3"
    )
    assert result_names(response) == ["Apex Chat", "Birch Police", "Cove Helpline"]
    ignored = text_of(response, "#ignored-filters")
    for label in ("Sector", "Relationship status", "Sort", "No contact", "Lead officer", "Tag", "Archived"):
        assert label in ignored


def test_selected_filters_show_as_removable_tags(viewer_client, spread):
    response = viewer_client.get("/organisations/?sector=technology&sector=charity&status=active")
    tags = {a.get_text(" ", strip=True): a["href"] for a in page(response).select(".moj-filter__tag")}
    assert set(tags) == {
        "Remove this filter Technology company",
        "Remove this filter Charity / child protection",
        "Remove this filter Active",
    }
    assert result_names(viewer_client.get(tags["Remove this filter Technology company"])) == ["Cove Helpline"]
    clear = page(response).select_one(".moj-filter__heading-action a")["href"]
    assert result_names(viewer_client.get(clear)) == ["Apex Chat", "Birch Police", "Cove Helpline"]


def test_the_filter_form_is_a_bookmarkable_get_form(viewer_client, spread):
    form = page(viewer_client.get("/organisations/")).select_one("form#organisation-filters")
    assert form["method"] == "get"
    names = {field["name"] for field in form.select("input[name], select[name]")}
    assert {
        "q",
        "sector",
        "status",
        "sub_type",
        "tag",
        "lead",
        "country",
        "no_contact",
        "archived",
        "sort",
    } <= names


def test_fifty_a_page_with_pagination_links(viewer_client, make_organisation):
    for number in range(55):
        make_organisation(f"Paged {number:02d}")
    first = viewer_client.get("/organisations/?q=paged")
    assert len(result_names(first)) == 50
    assert "Showing 1 to 50 of 55 organisations" in text_of(first, "#results-summary")
    next_link = page(first).select_one(".govuk-pagination__next a")["href"]
    assert "q=paged" in next_link and "page=2" in next_link
    second = viewer_client.get(next_link)
    assert len(result_names(second)) == 5


def _secret_contact(make_organisation, team):
    """ "Secretive Org" with one OFFICIAL-SENSITIVE contact, five days ago, for the team only."""
    secret = make_organisation("Secretive Org")
    factories.EngagementFactory(
        organisations=[secret],
        starts_at=days_ago(5),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
    )
    return secret


def test_contact_dates_ignore_engagements_the_user_may_not_read(viewer_client, make_organisation):
    _secret_contact(make_organisation, factories.TeamFactory())
    response = viewer_client.get("/organisations/?no_contact=30")
    assert result_names(response) == ["Secretive Org"]
    assert "No contact logged" in text_of(response, "#organisations tbody")


def test_readers_in_turn_each_see_their_own_last_contact(app, make_organisation):
    # The last-contact query is built once per access scope and reused (crm.services.prebuilt):
    # a reader from the team, one from outside it, then the team again, in the same process.
    team = factories.TeamFactory()
    insider = factories.UserFactory(role=Role.OFFICER, team=team)
    outsider = factories.UserFactory(role=Role.OFFICER, team=factories.TeamFactory())
    secret = _secret_contact(make_organisation, team)
    factories.EngagementFactory(organisations=[secret], starts_at=days_ago(40))

    def last_contact(user) -> str:
        response = sign_in(app.test_client(), user).get("/organisations/?q=secretive")
        return " ".join(page(response).select("#organisations tbody td")[4].get_text().split())

    assert last_contact(insider) == f"{days_ago(5).day} {days_ago(5):%B %Y}"
    assert last_contact(outsider) == f"{days_ago(40).day} {days_ago(40):%B %Y}"
    assert last_contact(insider) == f"{days_ago(5).day} {days_ago(5):%B %Y}"


def test_an_empty_list_says_what_to_do_next(officer_client, spread):
    response = officer_client.get("/organisations/?sector=government")
    empty = text_of(response, "#no-results")
    assert "No organisations found" in empty
    assert "removing the filters" in empty
    assert "adding the organisation" in empty


def test_search_text_is_echoed_escaped(viewer_client, spread):
    response = viewer_client.get("/organisations/", query_string={"q": '<script>alert("x")</script>'})
    body = response.get_data(as_text=True)
    assert '<script>alert("x")</script>' not in body
    assert page(response).select_one("#q")["value"] == '<script>alert("x")</script>'


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("", 3),
        ("status=dormant", 1),
        ("status=active", 2),
        ("status=dormant&status=prospective", 1),
        ("sector=technology&status=prospective", 0),
        ("archived=include", 4),
    ],
)
def test_the_total_agrees_with_the_rows(viewer_client, spread, query, total):
    # The total comes from the status counts (see list_organisations), not a COUNT of its own.
    response = viewer_client.get(f"/organisations/?{query}")
    assert len(result_names(response)) == total
    if total:
        assert f"of {total} organisation" in text_of(response, "#results-summary")
    else:
        assert page(response).select_one("#no-results") is not None


def test_filter_options_list_values_in_use_in_order(viewer_client, spread, make_organisation):
    make_organisation(
        "Zed Org", sub_type="app store", country="Andorra", lead_officer=spread["apex"].lead_officer
    )
    aaron = factories.UserFactory(name="Aaron Able")
    make_organisation("Yak Org", lead_officer=aaron)
    response = viewer_client.get("/organisations/")

    def options(name: str) -> list[str]:
        return [option.get_text(strip=True) for option in page(response).select(f"#filter-{name} option")][1:]

    assert options("sub_type") == ["app store", "helpline", "messaging platform", "police force"]
    assert options("country") == ["Andorra", "United Kingdom", "United States"]
    assert options("tag") == ["encryption", "helplines"]
    assert options("lead") == ["Aaron Able", "Lena Lead"]
    lead_value = page(response).select("#filter-lead option")[1]["value"]
    assert lead_value == str(aaron.id)


def test_last_contact_is_the_latest_readable_engagement_up_to_now(viewer_client, make_organisation):
    org = make_organisation("Contact Org")
    make_organisation("Quiet Org")
    factories.EngagementFactory(organisations=[org], starts_at=days_ago(40))
    factories.EngagementFactory(organisations=[org], starts_at=days_ago(12))
    factories.EngagementFactory(organisations=[org], starts_at=days_ago(-5))  # planned, not yet held
    factories.EngagementFactory(
        organisations=[org],
        starts_at=days_ago(2),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
    )
    rows = page(viewer_client.get("/organisations/")).select("#organisations tbody tr")
    cells = {
        row.select_one("a").get_text(strip=True): " ".join(row.select("td")[4].get_text(" ").split())
        for row in rows
    }
    assert cells == {
        "Contact Org": f"{days_ago(12).day} {days_ago(12):%B %Y}",
        "Quiet Org": "No contact logged",
    }


def test_the_list_costs_at_most_twelve_statements_whatever_the_rows(
    officer_client, make_organisation, count_queries
):
    for number in range(3):
        make_organisation(f"Few Plover {number}", aliases=[f"FP{number}"], tags=["few"])
    urls = ["/organisations/", "/organisations/?sector=technology", "/organisations/?q=plover"]
    for url in urls:
        officer_client.get(url)  # warm up
    few = {}
    for url in urls:
        with count_queries() as counter:
            officer_client.get(url)
        few[url] = counter.count
    for number in range(60):
        make_organisation(f"Many Plover {number}", aliases=[f"MP{number}"], tags=[f"many {number}"])
    for url in urls:
        with count_queries() as counter:
            officer_client.get(url)
        assert counter.count == few[url], counter.statements
        # The bench also counts the BEGIN SQLite emits (inside the test's transaction it does not).
        assert counter.count <= 11, counter.statements
    print(f"organisations list statements: {few}")
