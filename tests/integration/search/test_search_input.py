"""Whatever is typed into the search box, the page answers with results or a clear message."""

from __future__ import annotations

import pytest

from tests import factories
from tests.html import error_summary, field_errors, page, text_of
from tests.integration.search.conftest import result_titles


@pytest.fixture
def kestrel(officer):
    organisation = factories.OrganisationFactory(name="Kestrel Social")
    factories.EngagementFactory(title="Kestrel review", summary="Notes", organisations=[organisation])
    return organisation


def test_no_search_term_asks_for_one(officer_client):
    response = officer_client.get("/search")
    assert response.status_code == 200
    assert text_of(response, "h1") == "Search"
    assert "Enter a search term" in text_of(response, "#search-prompt")
    assert error_summary(response) == []
    assert page(response).select_one("title").get_text().startswith("Search –")


@pytest.mark.parametrize("q", ["", "   ", "%00", "%09%0A"])
def test_an_empty_search_is_an_error_next_to_the_box(officer_client, q):
    response = officer_client.get(f"/search?q={q}")
    assert response.status_code == 200
    assert error_summary(response) == ["Enter what you are looking for"]
    assert field_errors(response) == ["Enter what you are looking for"]
    assert page(response).select_one(".govuk-error-summary a")["href"] == "#q"
    assert page(response).select_one("title").get_text().startswith("Error: Search")


def test_a_very_long_search_is_refused_with_a_message(officer_client, kestrel):
    response = officer_client.get("/search", query_string={"q": "kestrel " * 1250})
    assert response.status_code == 200
    assert error_summary(response) == ["Search for 200 characters or fewer"]
    assert page(response).select("section#organisations, section#engagements") == []
    assert len(page(response).select_one("#q")["value"]) == 1000


@pytest.mark.parametrize("q", ['"', "*", ":", "-", "^", "()", '"*:-^', "%", "_", "\\", "''"])
def test_only_operator_characters_asks_for_letters_or_numbers(officer_client, kestrel, q):
    response = officer_client.get("/search", query_string={"q": q})
    assert response.status_code == 200
    assert error_summary(response) == ["Search using letters or numbers"]


@pytest.mark.parametrize(
    "q",
    [
        "kestrel*",
        '"kestrel',
        '"kestrel"',
        "kestrel:",
        "-kestrel",
        "^kestrel",
        "(kestrel)",
        "kestrel NEAR",
        "NEAR(kestrel review)",
        "kestrel OR",
        "kestrel AND NOT",
        "name:kestrel",
        "kestrel\x00",
        "kes' OR '1'='1",
        "kestrel; DROP TABLE organisations;--",
    ],
)
def test_operator_characters_never_break_the_search(officer_client, kestrel, q):
    response = officer_client.get("/search", query_string={"q": q})
    assert response.status_code == 200
    assert error_summary(response) == []
    assert page(response).select_one("h1") is not None


@pytest.mark.parametrize("q", ["kestrel*", '"kestrel"', "-kestrel", "(kestrel)", "kestrel:"])
def test_operators_around_a_word_are_ignored(officer_client, kestrel, q):
    response = officer_client.get("/search", query_string={"q": q})
    assert result_titles(response, "organisations") == ["Kestrel Social"]
    assert result_titles(response, "engagements") == ["Kestrel review"]


def test_eight_words_at_most_are_searched(officer_client, kestrel):
    response = officer_client.get(
        "/search", query_string={"q": "kestrel " + " ".join(f"w{n}" for n in range(40))}
    )
    assert response.status_code == 200
    assert error_summary(response) == []
