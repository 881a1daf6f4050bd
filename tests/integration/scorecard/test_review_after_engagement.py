"""/scorecard/review?engagement=<id>: after logging an engagement, the positions it may have changed."""

from __future__ import annotations

from crm.models import Classification, CommitmentStatus, Sector
from tests import factories
from tests.html import page, text_of


def test_each_technology_company_and_ask_touched_is_listed_with_its_status(officer_client):
    asks = factories.five_asks()
    bravo = factories.OrganisationFactory(name="Bravo Chat")
    alpha = factories.OrganisationFactory(name="Alpha Video")
    charity = factories.OrganisationFactory(name="Helpline", sector=Sector.CHARITY)
    factories.CommitmentFactory(organisation=bravo, ask=asks[3], status=CommitmentStatus.COMMITTED)
    engagement = factories.EngagementFactory(organisations=[bravo, alpha, charity], asks=[asks[3], asks[0]])

    response = officer_client.get(f"/scorecard/review?engagement={engagement.id}")
    rows = page(response).select("#review-pairs tbody tr")
    pairs = [
        (int(row["data-organisation"]), int(row["data-ask"]), row.select_one("[data-status]")["data-status"])
        for row in rows
    ]
    assert pairs == [
        (alpha.id, asks[0].id, "not-engaged"),
        (alpha.id, asks[3].id, "not-engaged"),
        (bravo.id, asks[0].id, "not-engaged"),
        (bravo.id, asks[3].id, "committed"),
    ]
    assert rows[3].select_one("a")["href"] == f"/scorecard/{bravo.id}/{asks[3].id}"


def test_an_engagement_without_asks_or_companies_has_nothing_to_review(officer_client):
    charity = factories.OrganisationFactory(sector=Sector.CHARITY)
    engagement = factories.EngagementFactory(organisations=[charity], asks=factories.five_asks()[:1])
    response = officer_client.get(f"/scorecard/review?engagement={engagement.id}")
    assert "nothing to update" in text_of(response, "#nothing-to-review")


def test_a_sensitive_engagement_outside_the_officers_team_is_not_found(officer_client):
    engagement = factories.EngagementFactory(
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
        organisations=[factories.OrganisationFactory()],
        asks=factories.five_asks()[:1],
    )
    assert officer_client.get(f"/scorecard/review?engagement={engagement.id}").status_code == 404


def test_a_missing_or_malformed_engagement_is_not_found(officer_client):
    for query in ("", "?engagement=", "?engagement=abc", "?engagement=99999999", "?engagement=1" + "0" * 30):
        assert officer_client.get(f"/scorecard/review{query}").status_code == 404
