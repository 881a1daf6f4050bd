"""/scorecard/coverage: engagements per sector per ask in a period (access-scoped), and silent companies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crm.models import Classification, Sector
from crm.services.access import can_read
from crm.services.months import Period, add_months
from crm.timezones import london_today
from tests import factories
from tests.conftest import sign_in
from tests.html import error_summary, page, text_of


@pytest.fixture
def world():
    """Three technology companies and one organisation of each other sector, five engagements."""
    asks = factories.five_asks()
    team = factories.TeamFactory()
    make = factories.OrganisationFactory
    a, b, c = make(name="Alpha Video"), make(name="Bravo Chat"), make(name="Charlie Cloud")
    charity = make(name="Helpline", sector=Sector.CHARITY)
    police = make(name="Regional Unit", sector=Sector.LAW_ENFORCEMENT)
    government = make(name="Policy Team", sector=Sector.GOVERNMENT)
    now = datetime.now(UTC)

    def meeting(days_ago, organisations, ask_indexes, **extra):
        return factories.EngagementFactory(
            starts_at=now - timedelta(days=days_ago),
            organisations=organisations,
            asks=[asks[i] for i in ask_indexes],
            **extra,
        )

    engagements = [
        meeting(10, [a, charity], [0, 1]),
        meeting(20, [a, b, police], [0]),  # two companies: still one engagement for technology
        meeting(100, [c], [0]),  # before the period
        meeting(5, [c, government], [2], classification=Classification.OFFICIAL_SENSITIVE, access_team=team),
        meeting(15, [charity], [3]),
    ]
    return {"asks": asks, "companies": [a, b, c], "engagements": engagements, "team": team}


def _direct_counts(world, user, period: Period) -> dict[int, dict[str, int]]:
    """Counted the slow way, in Python, from the factory data."""
    counts: dict[int, dict[str, int]] = {
        ask.id: {sector.value: 0 for sector in Sector} for ask in world["asks"]
    }
    for engagement in world["engagements"]:
        if (
            not can_read(engagement, user)
            or not period.starts_at <= engagement.starts_at < period.ends_before
        ):
            continue
        for ask in engagement.asks:
            for sector in {o.sector for o in engagement.organisations}:
                counts[ask.id][sector.value] += 1
    return counts


def _page_counts(response) -> dict[int, dict[str, int]]:
    return {
        int(row["data-ask"]): {
            cell["data-sector"]: int(cell.get_text()) for cell in row.select("td[data-sector]")
        }
        for row in page(response).select("#coverage tbody tr")
    }


def _silent(response) -> dict[int, list[str]]:
    return {
        int(row["data-ask"]): [li.get_text(strip=True) for li in row.select(".app-silent li")]
        for row in page(response).select("#coverage tbody tr")
    }


def _query(days: int = 60) -> tuple[str, Period]:
    today = london_today()
    period = Period(start=today - timedelta(days=days), end=today)
    return f"from={period.start.isoformat()}&to={period.end.isoformat()}", period


def test_counts_match_a_direct_count_for_an_officer_outside_the_sensitive_team(
    officer_client, officer, world
):
    query, period = _query()
    response = officer_client.get(f"/scorecard/coverage?{query}")
    counts = _page_counts(response)
    assert counts == _direct_counts(world, officer, period)
    asks = world["asks"]
    # Hand-computed as well.
    assert counts[asks[0].id] == {"technology": 2, "law-enforcement": 1, "charity": 1, "government": 0}
    assert counts[asks[2].id] == {"technology": 0, "law-enforcement": 0, "charity": 0, "government": 0}
    assert _silent(response) == {
        asks[0].id: ["Charlie Cloud"],
        asks[1].id: ["Bravo Chat", "Charlie Cloud"],
        asks[2].id: ["Alpha Video", "Bravo Chat", "Charlie Cloud"],
        asks[3].id: ["Alpha Video", "Bravo Chat", "Charlie Cloud"],
        asks[4].id: ["Alpha Video", "Bravo Chat", "Charlie Cloud"],
    }
    assert text_of(response, "#marking .moj-badge") == "OFFICIAL"


def test_the_sensitive_teams_counts_include_their_engagement(app, world):
    member = factories.UserFactory(team=world["team"])
    client = sign_in(app.test_client(), member)
    query, period = _query()
    response = client.get(f"/scorecard/coverage?{query}")
    counts = _page_counts(response)
    assert counts == _direct_counts(world, member, period)
    assert counts[world["asks"][2].id] == {
        "technology": 1,
        "law-enforcement": 0,
        "charity": 0,
        "government": 1,
    }
    assert _silent(response)[world["asks"][2].id] == ["Alpha Video", "Bravo Chat"]
    assert text_of(response, "#marking .moj-badge") == "OFFICIAL-SENSITIVE"


def test_the_default_period_is_the_last_12_months(officer_client, officer, world):
    response = officer_client.get("/scorecard/coverage")
    today = london_today()
    form = page(response).select_one("#period-form")
    assert form.select_one("#to")["value"] == today.isoformat()
    assert form.select_one("#from")["value"] == add_months(today, -12).isoformat()
    counts = _page_counts(response)
    assert counts[world["asks"][0].id]["technology"] == 3  # the 100-day-old meeting is inside 12 months


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "from=2026-02-30&to=2026-03-01",
            "From date must be a real date in the format YYYY-MM-DD, like 2025-04-01",
        ),
        ("from=yesterday", "From date must be a real date in the format YYYY-MM-DD, like 2025-04-01"),
        ("from=20250101", "From date must be a real date in the format YYYY-MM-DD, like 2025-04-01"),
        ("from=2026-03-01&to=2026-02-01", "To date must be the same as or after the from date"),
        ("from=2015-01-01&to=2025-01-02", "The period must be 5 years or shorter"),
        ("from=1066-10-14&to=2025-01-01", "From date must be between 2000 and 2099"),
        ("to=" + "9" * 500, "To date must be a real date in the format YYYY-MM-DD, like 2025-04-30"),
    ],
)
def test_bad_periods_get_a_clear_message_and_no_figures(officer_client, query, message):
    response = officer_client.get(f"/scorecard/coverage?{query}")
    assert response.status_code == 200
    assert any(item.startswith(message) for item in error_summary(response)), error_summary(response)
    assert page(response).select_one("#coverage") is None
    assert "Correct the dates" in text_of(response, "#no-figures")
    assert page(response).title.get_text().startswith("Error:")


def test_an_unknown_framework_is_ignored_with_a_message(officer_client):
    response = officer_client.get("/scorecard/coverage?framework=<script>")
    assert "no framework with that key" in text_of(response, "#ignored-filters")
    assert "<script>" not in response.get_data(as_text=True).split("</header>")[1]
