"""The search box in the header of every page for signed-in users."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.html import page


@pytest.mark.parametrize(
    "url", ["/", "/organisations/", "/people/", "/engagements/", "/actions/", "/search?q=x"]
)
def test_every_page_has_the_header_search_box(officer_client, url):
    document = page(officer_client.get(url))
    form = document.select_one("header form[role=search]")
    assert form is not None, url
    assert form["method"] == "get" and form["action"] == "/search"
    field = form.select_one("input#header-search-q")
    assert field["name"] == "q" and field["type"] == "search"
    label = form.select_one("label[for=header-search-q]")
    assert label.get_text().strip() == "Search the CRM"
    assert "govuk-visually-hidden" in label["class"]
    assert form.select_one("button[type=submit]").get_text().strip() == "Search"
    # No id appears twice on the page (the list pages have their own search box, id "q").
    ids = Counter(element["id"] for element in document.select("[id]"))
    assert [name for name, count in ids.items() if count > 1] == []


def test_the_header_search_submits_to_the_search_page(officer_client):
    response = officer_client.get("/search", query_string={"q": "anything"})
    assert response.status_code == 200


def test_signed_out_pages_have_no_search_box(client):
    assert page(client.get("/login")).select_one("#header-search-q") is None
