"""/scorecard/: the grid against hand-computed figures, its filters, sorting, summary and query count."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crm.models import CommitmentStatus, Organisation, Sector
from crm.models.base import utcnow
from crm.timezones import london_today
from tests import factories
from tests.html import page, text_of
from tests.integration.scorecard.conftest import count_queries

S = CommitmentStatus


def _rows(response) -> list[str]:
    """Company names down the scorecard, in order."""
    return [row.select_one("th").contents[0].strip() for row in page(response).select("#scorecard tbody tr")]


def _statuses(response, organisation: Organisation) -> list[str]:
    row = page(response).select_one(f'#scorecard tbody tr[data-organisation="{organisation.id}"]')
    return [cell["data-status"] for cell in row.select("td[data-status]")]


def _summary(response) -> list[dict[str, int]]:
    """Per ask column of the summary row: status value -> count (statuses with none are left out)."""
    cells = page(response).select("#scorecard-summary td[data-ask]")
    return [
        {
            item["data-status"]: int(item.select_one(".app-summary-count").get_text())
            for item in cell.select("li")
        }
        for cell in cells
    ]


def test_each_cell_shows_the_status_in_words_and_a_missing_row_as_not_engaged(viewer_client, grid):
    response = viewer_client.get("/scorecard/")
    assert _rows(response) == ["alpha Video", "Bravo Chat", "Charlie Cloud", "Delta Games"]
    assert _statuses(response, grid.bravo) == [
        "delivered",
        "delivered",
        "in-progress",
        "not-engaged",
        "declined",
    ]
    assert _statuses(response, grid.alpha) == [
        "committed",
        "in-discussion",
        "not-engaged",
        "not-engaged",
        "not-engaged",
    ]
    row = page(response).select_one(f'#scorecard tbody tr[data-organisation="{grid.bravo.id}"]')
    badges = [badge.get_text(strip=True) for badge in row.select(".moj-badge")]
    assert badges == ["Delivered", "Delivered", "In progress", "Not engaged", "Declined"]
    # Cells link to the commitment page.
    first = row.select_one("td[data-status] a")["href"]
    assert first == f"/scorecard/{grid.bravo.id}/{grid.asks[0].id}"


def test_a_position_not_reviewed_for_180_days_is_marked_review_due(viewer_client, grid):
    response = viewer_client.get("/scorecard/")
    row = page(response).select_one(f'#scorecard tbody tr[data-organisation="{grid.alpha.id}"]')
    cells = row.select("td[data-status]")
    first, second = (" ".join(cell.get_text(" ").split()) for cell in cells[:2])
    reviewed = london_today() - timedelta(days=200)
    assert f"Reviewed {reviewed.day} {reviewed:%B %Y}" in first
    assert "Review due" in first
    assert "Review due" not in second
    assert "Nothing recorded" in cells[2].get_text()


def test_the_summary_row_counts_each_status_per_ask(viewer_client, grid):
    response = viewer_client.get("/scorecard/")
    assert _summary(response) == [
        {"delivered": 2, "committed": 1, "in-progress": 1},
        {"delivered": 1, "in-discussion": 1, "not-engaged": 1, "in-progress": 1},
        {"in-progress": 2, "not-engaged": 2},
        {"in-progress": 1, "not-engaged": 3},
        {"declined": 1, "in-progress": 1, "not-engaged": 2},
    ]
    assert "Summary of the 4 shown" in text_of(response, "#scorecard-summary th")


def test_sorting_by_asks_delivered_puts_the_most_first_then_names(viewer_client, grid):
    response = viewer_client.get("/scorecard/?sort=delivered")
    assert _rows(response) == ["Bravo Chat", "Charlie Cloud", "alpha Video", "Delta Games"]
    delivered = [
        row.select("td")[-1].get_text(strip=True) for row in page(response).select("#scorecard tbody tr")
    ]
    assert delivered == ["2", "1", "0", "0"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sub_type=video+sharing", ["alpha Video"]),
        ("status=delivered", ["Bravo Chat", "Charlie Cloud"]),
        ("status=declined", ["Bravo Chat"]),
        # Not engaged includes asks with no row at all: only Delta Games is engaged on every ask.
        ("status=not-engaged", ["alpha Video", "Bravo Chat", "Charlie Cloud"]),
        ("status=in-progress&sort=delivered", ["Bravo Chat", "Delta Games"]),
    ],
)
def test_filters_narrow_the_companies(viewer_client, grid, query, expected):
    assert _rows(viewer_client.get(f"/scorecard/?{query}")) == expected


def test_lead_officer_filter_and_the_summary_follows_the_filters(viewer_client, grid):
    response = viewer_client.get(f"/scorecard/?lead_officer={grid.lead_a.id}")
    assert _rows(response) == ["Bravo Chat", "Charlie Cloud"]
    assert _summary(response)[0] == {"delivered": 2}
    assert _summary(response)[3] == {"not-engaged": 2}


def test_the_lead_officer_filter_offers_the_leads_of_current_technology_companies(viewer_client, grid):
    police_lead = factories.UserFactory(name="Pat Police Lead")
    archived_lead = factories.UserFactory(name="Ari Archived Lead")
    factories.OrganisationFactory(
        name="Borough Police", sector=Sector.LAW_ENFORCEMENT, lead_officer=police_lead
    )
    factories.OrganisationFactory(name="Gone Apps", archived_at=utcnow(), lead_officer=archived_lead)
    options = page(viewer_client.get("/scorecard/")).select("#lead_officer option")
    assert [(option["value"], option.get_text(strip=True)) for option in options] == [
        ("", "Any lead officer"),
        (str(grid.lead_a.id), "Amira Lead"),
        (str(grid.lead_b.id), "Bea Lead"),
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=brilliant", "That status does not exist"),
        ("sub_type=spaceship", "no technology company of that sub-type"),
        ("lead_officer=999999", "leads no technology company"),
        ("lead_officer=abc", "leads no technology company"),
        ("sort=colour", "sorted by name"),
        ("framework=no-such-framework", "no framework with that key"),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_message(viewer_client, grid, query, message):
    response = viewer_client.get(f"/scorecard/?{query}")
    assert response.status_code == 200
    assert message in text_of(response, "#ignored-filters")
    assert _rows(response) == ["alpha Video", "Bravo Chat", "Charlie Cloud", "Delta Games"]


def test_the_table_is_accessible(viewer_client, grid):
    response = viewer_client.get("/scorecard/")
    table = page(response).select_one("#scorecard")
    assert "technology companies stand on each ask" in table.select_one("caption").get_text()
    assert all(th.get("scope") == "col" for th in table.select("thead th"))
    assert len(table.select("tbody th[scope=row]")) == 4
    # Column headers carry each ask's full title for screen readers.
    assert grid.asks[0].title in table.select("thead th")[1].get_text()
    assert "OFFICIAL" in text_of(response, "#marking")


def test_the_filter_form_is_a_bookmarkable_get_form(viewer_client, grid):
    response = viewer_client.get(f"/scorecard/?status=delivered&lead_officer={grid.lead_a.id}")
    form = page(response).select_one("#scorecard-filters")
    assert form["method"] == "get"
    assert form.select_one("#status option[selected]")["value"] == "delivered"
    export = page(response).select_one("#export-csv")["href"]
    assert "status=delivered" in export and f"lead_officer={grid.lead_a.id}" in export


def test_an_empty_scorecard_says_what_to_do(viewer_client):
    response = viewer_client.get("/scorecard/")
    assert "No technology companies match these filters" in text_of(response, "#no-companies")


def test_typed_markup_is_shown_as_text(viewer_client):
    asks = factories.five_asks()
    company = factories.OrganisationFactory(name="<script>alert('x')</script>", sub_type="<b>bold</b>")
    factories.CommitmentFactory(organisation=company, ask=asks[0], status=S.COMMITTED)
    body = viewer_client.get("/scorecard/").get_data(as_text=True)
    assert "<script>alert('x')</script>" not in body
    assert "<b>bold</b>" not in body
    assert "&lt;script&gt;" in body


def _companies(count: int) -> None:
    asks = factories.five_asks()
    lead = factories.UserFactory()
    for number in range(count):
        company = factories.OrganisationFactory(name=f"Company {number:03d}", lead_officer=lead)
        for index, ask in enumerate(asks):
            factories.CommitmentFactory(
                organisation=company,
                ask=ask,
                status=list(S)[(number + index) % len(S)],
                last_reviewed_on=london_today() - timedelta(days=number * 10),
            )
    factories.OrganisationFactory(name="A charity", sector=Sector.CHARITY)


def test_the_query_count_does_not_grow_with_the_companies(app, viewer_client):
    _companies(3)
    with count_queries(app) as few:
        response = viewer_client.get("/scorecard/?sort=delivered")
    assert len(page(response).select("#scorecard tbody tr")) == 3
    _companies(27)
    with count_queries(app) as many:
        response = viewer_client.get("/scorecard/?sort=delivered")
    assert len(page(response).select("#scorecard tbody tr")) == 30
    assert len(few) == len(many)
    # The settings, the framework and its asks, the filter options, the frameworks list, the count,
    # the page, its commitments and the summary: at most 12 whatever the number of companies.
    assert len(many) <= 12, many
