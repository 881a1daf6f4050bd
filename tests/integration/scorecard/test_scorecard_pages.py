"""/scorecard/ in pages: ?page= in the database, filters and sorts kept, the summary over every page."""

from __future__ import annotations

import csv
import io

import pytest

from crm.models import CommitmentStatus
from tests import factories
from tests.html import page, text_of
from tests.integration.scorecard.conftest import count_queries
from tests.integration.scorecard.test_scorecard_grid import _rows, _summary

S = CommitmentStatus
# The grid fixture's summary over all four companies (see test_scorecard_grid).
FULL_SUMMARY = [
    {"delivered": 2, "committed": 1, "in-progress": 1},
    {"delivered": 1, "in-discussion": 1, "not-engaged": 1, "in-progress": 1},
    {"in-progress": 2, "not-engaged": 2},
    {"in-progress": 1, "not-engaged": 3},
    {"declined": 1, "in-progress": 1, "not-engaged": 2},
]


@pytest.fixture
def two_a_page(app, monkeypatch):
    monkeypatch.setitem(app.config, "CRM_PAGE_SIZE", 2)


def _delivered_total(response) -> str:
    return page(response).select("#scorecard-summary td")[-1].get_text(strip=True)


def _pagination_links(response) -> dict[str, str]:
    """The GOV.UK pagination's links: page number (or "next" and "prev") -> href."""
    links = {}
    for link in page(response).select(".govuk-pagination a"):
        rel = link.get("rel")
        key = rel[0] if rel else link.get_text(strip=True)
        links[key] = link["href"]
    return links


def test_each_page_shows_its_companies_and_the_summary_covers_them_all(viewer_client, grid, two_a_page):
    first = viewer_client.get("/scorecard/")
    assert _rows(first) == ["alpha Video", "Bravo Chat"]
    assert text_of(first, "#results-summary") == "Showing 1 to 2 of 4 companies"
    assert _summary(first) == FULL_SUMMARY
    assert _delivered_total(first) == "3"  # Bravo 2 and Charlie 1, though Charlie is on page 2
    summary = text_of(first, "#scorecard-summary th")
    assert "Summary of all 4 companies that match, on every page" in summary
    assert "not only the 2 on this page" in summary
    caption = text_of(first, "#scorecard caption")
    assert "Where 4 technology companies stand on each ask (companies 1 to 2 on this page)" in caption

    second = viewer_client.get(_pagination_links(first)["next"])
    assert _rows(second) == ["Charlie Cloud", "Delta Games"]
    assert text_of(second, "#results-summary") == "Showing 3 to 4 of 4 companies"
    assert _summary(second) == FULL_SUMMARY
    assert _delivered_total(second) == "3"
    assert page(second).select_one('.govuk-pagination [aria-current="page"]').get_text(strip=True) == "2"


def test_pages_keep_the_sort_and_the_filters(viewer_client, grid, two_a_page):
    first = viewer_client.get("/scorecard/?sort=delivered")
    assert _rows(first) == ["Bravo Chat", "Charlie Cloud"]
    next_href = _pagination_links(first)["next"]
    assert "sort=delivered" in next_href and "page=2" in next_href
    assert _rows(viewer_client.get(next_href)) == ["alpha Video", "Delta Games"]

    # Not engaged on some ask: alpha, Bravo and Charlie; the summary counts those three only.
    filtered = viewer_client.get("/scorecard/?status=not-engaged&page=2")
    assert _rows(filtered) == ["Charlie Cloud"]
    assert text_of(filtered, "#results-summary") == "Showing 3 to 3 of 3 companies"
    assert _summary(filtered)[0] == {"delivered": 2, "committed": 1}
    assert _summary(filtered)[3] == {"not-engaged": 3}
    assert "status=not-engaged" in _pagination_links(filtered)["prev"]
    # The filter form starts again at page 1: it carries no page field.
    assert page(filtered).select_one('#scorecard-filters [name="page"]') is None


@pytest.mark.parametrize(("argument", "expected"), [("99", 2), ("0", 1), ("abc", 1), ("²", 1), ("-1", 1)])
def test_a_page_out_of_range_shows_the_nearest_page(viewer_client, grid, two_a_page, argument, expected):
    response = viewer_client.get("/scorecard/", query_string={"page": argument})
    assert response.status_code == 200
    rows = {1: ["alpha Video", "Bravo Chat"], 2: ["Charlie Cloud", "Delta Games"]}
    assert _rows(response) == rows[expected]


def test_one_page_needs_no_pagination_and_keeps_the_short_summary(viewer_client, grid):
    response = viewer_client.get("/scorecard/")
    assert len(_rows(response)) == 4
    assert page(response).select_one(".govuk-pagination") is None
    assert text_of(response, "#results-summary") == "Showing 1 to 4 of 4 companies"
    assert text_of(response, "#scorecard-summary th") == "Summary of the 4 shown"


def test_the_exports_hold_every_company_that_matches_whatever_the_page(viewer_client, grid, two_a_page):
    second = viewer_client.get("/scorecard/?sort=delivered&page=2")
    assert "not only this page" in text_of(second, "#export-scope")
    href = page(second).select_one("#export-csv")["href"]
    assert "page=" not in href and "sort=delivered" in href
    exported = list(csv.reader(io.StringIO(viewer_client.get(href).data.decode("utf-8-sig"))))
    assert [row[0] for row in exported[2:]] == ["Bravo Chat", "Charlie Cloud", "alpha Video", "Delta Games"]
    # Even a page argument passed to the export is ignored.
    exported = viewer_client.get("/scorecard/export.csv?page=2").data.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(exported)))) == 2 + 4


def _many_companies(count: int) -> None:
    asks = factories.five_asks()
    for number in range(count):
        company = factories.OrganisationFactory(name=f"Company {number:03d}")
        if number % 10 == 0:
            factories.CommitmentFactory(organisation=company, ask=asks[number % 5], status=S.DELIVERED)


def test_fifty_companies_a_page_in_a_fixed_number_of_statements(app, viewer_client):
    _many_companies(5)
    viewer_client.get("/scorecard/?sort=delivered")  # warm up anything loaded once per process
    with count_queries(app) as few:
        response = viewer_client.get("/scorecard/?sort=delivered")
    assert len(_rows(response)) == 5

    for number in range(5, 120):
        factories.OrganisationFactory(name=f"Company {number:03d}")
    with count_queries(app) as many:
        response = viewer_client.get("/scorecard/?sort=delivered&page=2")
    # Company 000 has delivered an ask, so comes first; the rest by name.
    assert _rows(response) == [f"Company {number:03d}" for number in range(50, 100)]
    assert text_of(response, "#results-summary") == "Showing 51 to 100 of 120 companies"
    assert _summary(response)[0] == {"delivered": 1, "not-engaged": 119}
    assert len(many) == len(few)
    assert len(many) <= 12, many
