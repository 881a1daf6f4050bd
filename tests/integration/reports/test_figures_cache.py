"""The reports' figures cache: keyed by access scope, honest about its age, refreshable; and the
quiet relationships list in pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.dialects import postgresql

from crm.models import Classification, Role, Sector
from crm.reports import catalogue
from crm.services.access import access_scope, visibility_clause
from crm.timezones import to_london
from tests import factories
from tests.conftest import sign_in
from tests.html import page, text_of
from tests.integration.reports.conftest import count_queries, csv_rows, table_rows

QUERY = "from=2025-01-01&to=2025-06-30"
URL = f"/reports/engagements-by-sector?{QUERY}"
APRIL = 3  # the table's row for April 2025
GOVERNMENT = 4  # the table's column for government teams


@pytest.fixture
def sensitive(app):
    """A team, and one OFFICIAL-SENSITIVE April 2025 engagement of that team with a government team."""
    team = factories.TeamFactory(name="Sensitive casework")
    government = factories.OrganisationFactory(name="Policy Team", sector=Sector.GOVERNMENT)
    factories.EngagementFactory(
        starts_at=datetime(2025, 4, 10, 9, tzinfo=UTC),
        organisations=[government],
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
    )
    return team, government


def _april_government(response) -> str:
    return table_rows(response, "engagements-by-sector-table")[APRIL][GOVERNMENT]


def test_a_member_s_cached_figures_are_never_shown_to_an_outsider(app, caching, sensitive, officer_client):
    team, _government = sensitive
    member = sign_in(app.test_client(), factories.UserFactory(team=team))
    assert _april_government(member.get(URL)) == "1"
    assert len(caching._entries) == 1
    # The outsider's figures are their own: the sensitive engagement is not counted.
    outsider = officer_client.get(URL)
    assert _april_government(outsider) == "0"
    assert text_of(outsider, "#marking .moj-badge") == "OFFICIAL"
    assert len(caching._entries) == 2
    # Another member of the team shares the member's entry; an admin has one of their own.
    colleague = sign_in(app.test_client(), factories.UserFactory(team=team))
    assert _april_government(colleague.get(URL)) == "1"
    admin = sign_in(app.test_client(), factories.UserFactory(role=Role.ADMIN))
    assert _april_government(admin.get(URL)) == "1"
    assert len(caching._entries) == 3


def test_cached_figures_say_when_they_were_computed_and_can_be_refreshed(
    app, caching, sensitive, officer_client
):
    _team, government = sensitive
    before = datetime.now(UTC)
    first = officer_client.get(URL)
    stamp = page(first).select_one("#figures-as-of time")
    computed_at = datetime.fromisoformat(stamp["datetime"])
    assert before <= computed_at <= datetime.now(UTC)
    assert stamp.get_text() == f"{to_london(computed_at):%H:%M}"
    assert text_of(first, "#figures-as-of").startswith(f"Figures as of {to_london(computed_at):%H:%M}")
    assert "kept for up to 5 minutes" in text_of(first, "#figures-as-of")

    factories.EngagementFactory(starts_at=datetime(2025, 4, 11, 9, tzinfo=UTC), organisations=[government])
    with count_queries(app) as statements:
        cached = officer_client.get(URL)
    # From the cache: the same figures and time, and no query for them (the user and settings only).
    assert _april_government(cached) == "0"
    assert page(cached).select_one("#figures-as-of time")["datetime"] == stamp["datetime"]
    assert not [s for s in statements if "engagements" in s]

    refresh = page(cached).select_one("#refresh-figures")["href"]
    assert "refresh=1" in refresh and "from=2025-01-01" in refresh
    redirected = officer_client.get(refresh)
    assert redirected.status_code == 303
    assert redirected.headers["Location"] == URL
    fresh = officer_client.get(URL)
    assert _april_government(fresh) == "1"
    assert datetime.fromisoformat(page(fresh).select_one("#figures-as-of time")["datetime"]) > computed_at


def test_the_csv_holds_the_cached_figures_of_the_page(app, caching, sensitive, officer_client):
    _team, government = sensitive
    officer_client.get(URL)
    factories.EngagementFactory(starts_at=datetime(2025, 4, 11, 9, tzinfo=UTC), organisations=[government])
    rows = csv_rows(officer_client.get(f"/reports/engagements-by-sector.csv?{QUERY}"))
    assert rows[2 + APRIL][0] == "Apr 2025"
    assert rows[2 + APRIL][GOVERNMENT] == "0"


def test_without_the_cache_every_view_is_computed_and_says_so(officer_client, sensitive):
    response = officer_client.get(URL)
    assert text_of(response, "#figures-as-of").startswith("Figures as of ")
    assert page(response).select("#refresh-figures") == []


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ({"role": Role.OFFICER, "team": "a"}, {"role": Role.LEAD, "team": "a"}, True),
        ({"role": Role.OFFICER, "team": "a"}, {"role": Role.VIEWER, "team": "a"}, True),
        ({"role": Role.OFFICER, "team": "a"}, {"role": Role.OFFICER, "team": "b"}, False),
        ({"role": Role.OFFICER, "team": None}, {"role": Role.OFFICER, "team": "a"}, False),
        ({"role": Role.OFFICER, "team": None}, {"role": Role.VIEWER, "team": None}, True),
        ({"role": Role.ADMIN, "team": "a"}, {"role": Role.ADMIN, "team": None}, True),
        ({"role": Role.ADMIN, "team": None}, {"role": Role.OFFICER, "team": None}, False),
    ],
)
def test_the_cache_s_scope_follows_the_access_rule(app, first, second, same):
    """Two readers share cached figures exactly when the access rule lets them read the same rows."""
    teams = {"a": factories.TeamFactory(), "b": factories.TeamFactory(), None: None}
    users = [factories.UserFactory(role=spec["role"], team=teams[spec["team"]]) for spec in (first, second)]

    def rule(user) -> str:
        from crm.models import Engagement

        clause = visibility_clause(Engagement, user)
        return str(clause.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))

    assert (rule(users[0]) == rule(users[1])) is same
    assert (access_scope(users[0]) == access_scope(users[1])) is same


@pytest.fixture
def quiet_organisations(app):
    """Five technology companies never contacted, one charity contacted last week, one never."""
    names = ["Echo", "alpha", "Delta", "Charlie", "Bravo"]
    for name in names:
        factories.OrganisationFactory(name=f"{name} Tech")
    helpline = factories.OrganisationFactory(name="Helpline", sector=Sector.CHARITY)
    factories.OrganisationFactory(name="Quiet Helpline", sector=Sector.CHARITY)
    factories.EngagementFactory(starts_at=datetime.now(UTC) - timedelta(days=7), organisations=[helpline])


def test_the_quiet_list_comes_in_pages_and_the_counts_stay_complete(
    officer_client, quiet_organisations, monkeypatch
):
    monkeypatch.setattr(catalogue, "QUIET_PER_PAGE", 2)
    first = officer_client.get("/reports/quiet-relationships")
    counts = table_rows(first, "quiet-relationships-table")
    assert counts[0] == ["Technology company", "5", "5"]
    assert counts[2] == ["Charity / child protection", "1", "2"]
    listing = table_rows(first, "quiet-organisations-table")
    assert [row[0] for row in listing] == ["alpha Tech", "Bravo Tech"]
    assert text_of(first, "#results-summary") == "Showing 1 to 2 of 6 organisations gone quiet"
    links = [a["href"] for a in page(first).select(".govuk-pagination a")]
    assert "/reports/quiet-relationships?page=2" in links

    last = officer_client.get("/reports/quiet-relationships?page=3")
    assert [row[0] for row in table_rows(last, "quiet-organisations-table")] == [
        "Echo Tech",
        "Quiet Helpline",
    ]
    assert text_of(last, "#results-summary") == "Showing 5 to 6 of 6 organisations gone quiet"
    assert table_rows(last, "quiet-relationships-table") == counts
    # Past the end: the last page.
    beyond = officer_client.get("/reports/quiet-relationships?page=99")
    assert [row[0] for row in table_rows(beyond, "quiet-organisations-table")] == [
        "Echo Tech",
        "Quiet Helpline",
    ]
    # The CSV holds every organisation gone quiet, whatever page it was downloaded from.
    csv_link = page(last).select_one("#csv-download")["href"]
    assert "page" not in csv_link
    rows = csv_rows(officer_client.get(csv_link))
    assert [row[0] for row in rows[2:]] == [
        "alpha Tech",
        "Bravo Tech",
        "Charlie Tech",
        "Delta Tech",
        "Echo Tech",
        "Quiet Helpline",
    ]


def _statements(app, client, url: str) -> list[str]:
    with count_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    # Loading the signed-in user depends on what the test's session already holds: not the report's.
    return [
        s for s in statements if s.strip() != "BEGIN" and not s.startswith("SELECT users.id, users.email")
    ]


@pytest.mark.parametrize("report", sorted(catalogue.REPORTS))
def test_each_report_costs_a_fixed_small_number_of_statements(app, officer, officer_client, report):
    factories.five_asks()
    factories.OrganisationFactory()
    officer_client.get(f"/reports/{report}")  # the first request also loads the signed-in user
    few = _statements(app, officer_client, f"/reports/{report}")
    for n in range(12):
        organisation = factories.OrganisationFactory(name=f"Organisation {n}")
        factories.EngagementFactory(
            starts_at=datetime.now(UTC) - timedelta(days=100), organisations=[organisation]
        )
        factories.ActionFactory(owner_user=officer, due_on=(datetime.now(UTC) - timedelta(days=3)).date())
    many = _statements(app, officer_client, f"/reports/{report}")
    assert len(many) == len(few)
    assert len(many) <= 12, many


def test_a_cached_report_runs_no_query_for_its_figures(app, caching, officer_client, quiet_organisations):
    cold = _statements(app, officer_client, "/reports/quiet-relationships")
    warm = _statements(app, officer_client, "/reports/quiet-relationships?page=2")
    # The figures are two statements (the quiet organisations, the totals by sector), run only cold.
    assert len(warm) == len(cold) - 2
    assert not [s for s in warm if "organisations" in s]
