"""Engagements per sector per month and actions opened vs closed, against direct counts of factory data."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from crm.models import Action, ActionStatus, Classification, Engagement, Sector, User
from crm.services.access import can_read
from crm.services.months import Period, add_months, month_key, month_label
from crm.timezones import london_today, to_london
from tests import factories
from tests.conftest import sign_in
from tests.html import error_summary, page, text_of
from tests.integration.reports.conftest import count_queries, csv_rows, table_rows

PERIOD = Period(start=date(2025, 1, 1), end=date(2025, 6, 30))
QUERY = "from=2025-01-01&to=2025-06-30"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def engagements(app):
    team = factories.TeamFactory(name="Sensitive casework")
    make = factories.OrganisationFactory
    a, b = make(name="Alpha Video"), make(name="Bravo Chat")
    charity = make(name="Helpline", sector=Sector.CHARITY)
    police = make(name="Regional Unit", sector=Sector.LAW_ENFORCEMENT)
    government = make(name="Policy Team", sector=Sector.GOVERNMENT)
    meeting = factories.EngagementFactory
    return team, [
        meeting(starts_at=at(2025, 1, 15, 10), organisations=[a, charity]),
        meeting(starts_at=at(2025, 1, 31, 23, 30), organisations=[a, b]),  # two companies, one engagement
        meeting(starts_at=at(2025, 3, 31, 23, 30), organisations=[police]),  # 1 April in London (BST)
        meeting(
            starts_at=at(2025, 4, 10, 9),
            organisations=[government, b],
            classification=Classification.OFFICIAL_SENSITIVE,
            access_team=team,
        ),
        meeting(starts_at=at(2025, 6, 30, 23, 30), organisations=[a]),  # 1 July in London: after the period
        meeting(starts_at=at(2024, 12, 31, 23, 30), organisations=[a]),  # 31 December in London: before it
        meeting(starts_at=at(2025, 5, 5, 9), organisations=[]),  # no organisation: no sector to count
    ]


def direct_engagement_counts(records: list[Engagement], user: User, period: Period) -> Counter:
    """(month, sector label) -> engagements, counted in Python."""
    counts: Counter = Counter()
    for engagement in records:
        if can_read(engagement, user) and period.starts_at <= engagement.starts_at < period.ends_before:
            for sector in {o.sector for o in engagement.organisations}:
                counts[(month_key(to_london(engagement.starts_at).date()), sector.label)] += 1
    return counts


def page_counts(rows: list[list[str]], headers: list[str]) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        for header, value in zip(headers[1:-1], row[1:-1], strict=True):
            if int(value):
                counts[(row[0], header)] = int(value)
    return counts


def _keyed(counts: Counter) -> Counter:
    return Counter({(month_label(month), sector): value for (month, sector), value in counts.items()})


def test_engagements_per_sector_per_month_match_a_direct_count(officer_client, officer, engagements):
    _team, records = engagements
    response = officer_client.get(f"/reports/engagements-by-sector?{QUERY}")
    headers = ["Month", *(sector.label for sector in Sector), "Total"]
    rows = table_rows(response, "engagements-by-sector-table")
    assert [row[0] for row in rows] == [
        "Jan 2025",
        "Feb 2025",
        "Mar 2025",
        "Apr 2025",
        "May 2025",
        "Jun 2025",
    ]
    assert page_counts(rows, headers) == _keyed(direct_engagement_counts(records, officer, PERIOD))
    # And by hand: January has two for technology (one meeting had two companies) and one for charities;
    # the sensitive April meeting is not counted for this officer.
    assert rows[0] == ["Jan 2025", "2", "0", "1", "0", "3"]
    assert rows[3] == ["Apr 2025", "0", "1", "0", "0", "1"]
    assert text_of(response, "#marking .moj-badge") == "OFFICIAL"


def test_the_sensitive_team_counts_its_engagement_and_the_page_is_marked(app, engagements):
    team, records = engagements
    member = factories.UserFactory(team=team)
    client = sign_in(app.test_client(), member)
    response = client.get(f"/reports/engagements-by-sector?{QUERY}")
    rows = table_rows(response, "engagements-by-sector-table")
    headers = ["Month", *(sector.label for sector in Sector), "Total"]
    assert page_counts(rows, headers) == _keyed(direct_engagement_counts(records, member, PERIOD))
    assert rows[3] == ["Apr 2025", "1", "1", "0", "1", "3"]
    assert text_of(response, "#marking .moj-badge") == "OFFICIAL-SENSITIVE"
    csv = csv_rows(client.get(f"/reports/engagements-by-sector.csv?{QUERY}"))
    assert csv[0][0] == "OFFICIAL-SENSITIVE"


def test_the_chart_draws_the_same_figures_as_accessible_svg(officer_client, engagements):
    response = officer_client.get(f"/reports/engagements-by-sector?{QUERY}")
    svg = page(response).select_one("svg#engagements-by-sector-chart")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "engagements-by-sector-chart-title engagements-by-sector-chart-desc"
    assert (
        "Engagements per sector per month"
        in svg.select_one("title#engagements-by-sector-chart-title").get_text()
    )
    assert "Technology company: 2" in svg.select_one("desc").get_text()
    bars = [rect.select_one("title").get_text() for rect in svg.select("rect") if rect.select_one("title")]
    assert bars == [
        "Technology company, Jan 2025: 2",
        "Law enforcement, Apr 2025: 1",
        "Charity / child protection, Jan 2025: 1",
    ]
    assert "Jan" in [tspan.get_text() for tspan in svg.select("tspan")]
    assert "<script" not in str(svg)


def test_the_csv_holds_the_same_figures_marked_first(officer_client, officer, engagements):
    response = officer_client.get(f"/reports/engagements-by-sector.csv?{QUERY}")
    assert 'filename="OFFICIAL-engagements-by-sector-' in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][0] == "OFFICIAL"
    assert rows[1] == [
        "Month",
        "Technology company",
        "Law enforcement",
        "Charity / child protection",
        "Government team",
        "Total",
    ]
    assert rows[2] == ["Jan 2025", "2", "0", "1", "0", "3"]


def test_the_default_period_is_the_last_18_months(officer_client):
    response = officer_client.get("/reports/engagements-by-sector")
    rows = table_rows(response, "engagements-by-sector-table")
    today = london_today()
    assert len(rows) == 18
    assert rows[-1][0] == month_label(month_key(today))
    assert rows[0][0] == month_label(month_key(add_months(today, -17)))


def test_the_query_count_does_not_grow_with_the_engagements(app, officer_client):
    company = factories.OrganisationFactory()
    factories.EngagementFactory(starts_at=at(2025, 2, 1, 10), organisations=[company])
    with count_queries(app) as few:
        officer_client.get(f"/reports/engagements-by-sector?{QUERY}")
    for day in range(1, 29):
        factories.EngagementFactory(starts_at=at(2025, 3, day, 10), organisations=[company])
    with count_queries(app) as many:
        response = officer_client.get(f"/reports/engagements-by-sector?{QUERY}")
    assert table_rows(response, "engagements-by-sector-table")[2][1] == "28"
    assert len(few) == len(many)


@pytest.fixture
def actions(app, officer):
    team = factories.TeamFactory()
    make = factories.ActionFactory
    return [
        make(
            owner_user=officer,
            created_at=at(2025, 2, 10, 9),
            status=ActionStatus.DONE,
            completed_on=date(2025, 3, 5),
        ),
        make(owner_user=officer, created_at=at(2025, 2, 28, 23, 30)),  # 28 February in London
        make(
            owner_user=officer,
            created_at=at(2025, 5, 31, 23, 30),
            status=ActionStatus.DONE,
            completed_on=date(2025, 6, 30),
        ),
        make(owner_user=officer, created_at=at(2025, 3, 1, 9), status=ActionStatus.CANCELLED),
        make(
            owner_user=officer,
            created_at=at(2025, 4, 1, 9),
            status=ActionStatus.DONE,
            completed_on=date(2025, 4, 2),
            classification=Classification.OFFICIAL_SENSITIVE,
            access_team=team,
        ),
        make(
            owner_user=officer,
            created_at=at(2024, 12, 1, 9),
            status=ActionStatus.DONE,
            completed_on=date(2025, 1, 10),
        ),
        make(
            owner_user=officer,
            created_at=at(2025, 7, 1, 9),
            status=ActionStatus.DONE,
            completed_on=date(2025, 7, 2),
        ),
    ]


def direct_action_counts(records: list[Action], user: User, period: Period) -> tuple[Counter, Counter]:
    opened: Counter = Counter()
    closed: Counter = Counter()
    for action in records:
        if not can_read(action, user):
            continue
        if period.starts_at <= action.created_at < period.ends_before:
            opened[month_label(month_key(to_london(action.created_at).date()))] += 1
        if action.status == ActionStatus.DONE and period.start <= action.completed_on <= period.end:
            closed[month_label(month_key(action.completed_on))] += 1
    return opened, closed


def test_actions_opened_and_closed_match_a_direct_count(officer_client, officer, actions):
    response = officer_client.get(f"/reports/actions-opened-closed?{QUERY}")
    rows = table_rows(response, "actions-opened-closed-table")
    opened = Counter({row[0]: int(row[1]) for row in rows if int(row[1])})
    closed = Counter({row[0]: int(row[2]) for row in rows if int(row[2])})
    assert (opened, closed) == direct_action_counts(actions, officer, PERIOD)
    assert [row[1:] for row in rows] == [
        ["0", "1", "1"],  # Jan: one closed (raised in December)
        ["2", "0", "2"],  # Feb: two raised, one at 23:30 UTC on the 28th
        ["1", "1", "2"],  # Mar: the cancelled one raised; one done
        ["0", "0", "0"],  # Apr: only the sensitive action, which this officer may not see
        ["0", "0", "0"],  # May: the one raised at 23:30 UTC on 31 May belongs to June in London
        ["1", "1", "2"],
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2025-06-31", "From date must be a real date in the format YYYY-MM-DD"),
        ("from=2025-1-1&to=2025-02-01", "From date must be a real date in the format YYYY-MM-DD"),
        ("to=2025-02-01&from=2025-03-01", "To date must be the same as or after the from date"),
        ("from=2019-01-01&to=2025-01-01", "The period must be 5 years or shorter"),
        ("from=%00%3Cscript%3E", "From date must be a real date in the format YYYY-MM-DD"),
        ("to=2100-01-01", "To date must be between 2000 and 2099"),
    ],
)
@pytest.mark.parametrize("report", ["engagements-by-sector", "actions-opened-closed", "scorecard-movement"])
def test_bad_date_ranges_get_a_clear_message_never_a_500(officer_client, report, query, message):
    response = officer_client.get(f"/reports/{report}?{query}")
    assert response.status_code == 200
    assert any(item.startswith(message) for item in error_summary(response)), error_summary(response)
    assert page(response).select_one("svg") is None
    assert "Correct the dates" in text_of(response, "#no-figures")
    download = officer_client.get(f"/reports/{report}.csv?{query}")
    assert download.status_code == 302 and download.headers["Location"].startswith(f"/reports/{report}?")


def test_exactly_five_years_is_allowed(officer_client):
    response = officer_client.get("/reports/engagements-by-sector?from=2020-01-01&to=2025-01-01")
    assert error_summary(response) == []
    assert len(table_rows(response, "engagements-by-sector-table")) == 61
