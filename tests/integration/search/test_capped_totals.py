"""Scanned groups (people, contacts, actions) count their matches only up to a cap, say so, and the
page stays within 12 statements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crm.models import Classification
from crm.services import search
from tests import factories
from tests.html import page, text_of
from tests.integration.search.conftest import count_queries, group, result_titles

CAP = 4


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(search, "TOTAL_CAP", CAP)


def _count_text(response, name: str) -> str:
    return group(response, name).select_one(f"#{name}-count").get_text().strip()


def test_a_count_that_reaches_the_cap_says_or_more(officer_client, officer, small_cap):
    for n in range(CAP + 3):
        factories.EngagementFactory(
            title=f"Gannet call {n}", starts_at=datetime.now(UTC) - timedelta(days=n + 1)
        )
        factories.PersonFactory(name=f"Gannet Person {n}")
    factories.ActionFactory(title="Gannet action", owner_user=officer)
    response = officer_client.get("/search?q=gannet")
    assert _count_text(response, "engagements") == f"({CAP} or more)"
    assert _count_text(response, "people") == f"({CAP} or more)"
    assert _count_text(response, "actions") == "(1)"
    # The best matches are still shown, newest first, limited to the group size.
    assert result_titles(response, "engagements")[:2] == ["Gannet call 0", "Gannet call 1"]
    assert len(result_titles(response, "engagements")) == CAP + 3
    jump = [a.get_text() for a in page(response).select("#result-groups a")]
    assert jump[2] == f"Contacts ({CAP} or more)"
    assert text_of(response, "#results-summary") == f"{2 * CAP + 1} or more results"
    assert "See all 4 or more matching people" in text_of(response, "#people-see-all")


def test_a_count_below_the_cap_is_exact(officer_client, small_cap):
    for n in range(CAP - 1):
        factories.EngagementFactory(title=f"Skua call {n}")
    response = officer_client.get("/search?q=skua")
    assert _count_text(response, "engagements") == f"({CAP - 1})"
    assert text_of(response, "#results-summary") == f"{CAP - 1} results"


def test_the_capped_count_never_counts_what_the_reader_may_not_see(officer_client, small_cap):
    team = factories.TeamFactory()
    for n in range(CAP + 2):
        factories.EngagementFactory(
            title=f"Fulmar call {n}", classification=Classification.OFFICIAL_SENSITIVE, access_team=team
        )
    factories.EngagementFactory(title="Fulmar open call")
    response = officer_client.get("/search?q=fulmar")
    assert _count_text(response, "engagements") == "(1)"
    assert result_titles(response, "engagements") == ["Fulmar open call"]


def test_contacts_and_actions_show_the_organisations_they_name(officer_client, officer):
    kestrel = factories.OrganisationFactory(name="Kestrel Social")
    harbour = factories.OrganisationFactory(name="Harbour Trust")
    factories.EngagementFactory(title="Petrel review", organisations=[kestrel, harbour])
    factories.ActionFactory(title="Petrel follow-up", owner_user=officer, organisations=[harbour])
    response = officer_client.get("/search?q=petrel")
    assert "Harbour Trust, Kestrel Social" in text_of(response, "section#engagements li")
    assert "Harbour Trust" in text_of(response, "section#actions li")


def _records(officer, count: int) -> None:
    for n in range(count):
        organisation = factories.OrganisationFactory(name=f"Tern Group {n}", summary=f"Tern notes {n}")
        factories.PersonFactory(name=f"Tern Person {n}", organisation=organisation)
        engagement = factories.EngagementFactory(title=f"Tern meeting {n}", organisations=[organisation])
        factories.ActionFactory(
            title=f"Tern action {n}", owner_user=officer, engagement=engagement, organisations=[organisation]
        )


def _statements(app, client, url: str) -> list[str]:
    with count_queries(app) as statements:
        assert client.get(url).status_code == 200
    # The test's savepoints and SQLite's BEGIN are not the page's work; whether the signed-in user is
    # loaded depends on what the test's session already holds (in production it always is: +1 below).
    return [
        s
        for s in statements
        if s.strip() != "BEGIN"
        and not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))
        and not s.startswith("SELECT users.id, users.email")
    ]


@pytest.mark.parametrize("q", ["tern", "terns", "tern group"])
def test_the_page_costs_at_most_twelve_statements_whatever_the_data(app, officer, officer_client, q):
    _records(officer, 2)
    officer_client.get(f"/search?q={q}")  # the first request also loads the signed-in user
    few = _statements(app, officer_client, f"/search?q={q}")
    _records(officer, 30)
    many = _statements(app, officer_client, f"/search?q={q}")
    assert len(many) == len(few)
    assert len(many) + 1 <= 12, "\n".join(s[:80] for s in many)
