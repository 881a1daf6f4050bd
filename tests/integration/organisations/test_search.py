"""Searching the organisations list: prefix, other names, one typo, ranking, and hostile input."""

from __future__ import annotations

import pytest

from crm.extensions import db
from crm.models import OrganisationAlias, Sector, Tag
from tests.html import page, text_of


def result_names(response) -> list[str]:
    return [
        link.get_text(strip=True)
        for link in page(response).select("#organisations tbody tr td:first-child a")
    ]


@pytest.fixture
def partners(make_organisation):
    return {
        "gmp": make_organisation(
            "Greater Manchester Police", sector=Sector.LAW_ENFORCEMENT, aliases=["GMP"], tags=["police force"]
        ),
        "manor": make_organisation("Manor Field Chat", summary="A small chat app based in Manchester"),
        "kestrel": make_organisation(
            "Kestrel Systems", former=["Hawk Messaging"], tags=["end-to-end encryption"]
        ),
        "kestrel_video": make_organisation("Kestrel Video Ltd", summary="Video sharing"),
        "brightline": make_organisation(
            "Brightline Social", aliases=["Brightline"], summary="Works with Kestrel Systems on hashing"
        ),
        "quill": make_organisation("Quill Helpline", sector=Sector.CHARITY, summary="A helpline for parents"),
    }


def test_a_prefix_of_a_word_in_the_name_finds_the_organisation_first(officer_client, partners):
    names = result_names(officer_client.get("/organisations/?q=manch"))
    assert names[0] == "Greater Manchester Police"
    # The summary-only match comes after the name match.
    assert names == ["Greater Manchester Police", "Manor Field Chat"]


def test_an_other_name_finds_the_organisation_first(officer_client, partners):
    assert result_names(officer_client.get("/organisations/?q=gmp"))[0] == "Greater Manchester Police"
    assert result_names(officer_client.get("/organisations/?q=hawk mess"))[0] == "Kestrel Systems"


def test_one_typo_still_finds_the_organisation_first(officer_client, partners):
    names = result_names(officer_client.get("/organisations/?q=Kestral"))
    assert names[0] in {"Kestrel Systems", "Kestrel Video Ltd"}
    assert set(names[:2]) == {"Kestrel Systems", "Kestrel Video Ltd"}
    assert result_names(officer_client.get("/organisations/?q=Kestral+Systems"))[0] == "Kestrel Systems"
    assert result_names(officer_client.get("/organisations/?q=Greater+Manchestr+Polise"))[0] == (
        "Greater Manchester Police"
    )
    assert (
        result_names(officer_client.get("/organisations/?q=Qiull"))[0] == "Quill Helpline"
    )  # swapped letters


def test_ranking_puts_the_exact_name_then_name_prefixes_then_other_matches(
    officer_client, partners, make_organisation
):
    make_organisation("Kestrel")
    names = result_names(officer_client.get("/organisations/?q=kestrel"))
    assert names[0] == "Kestrel"  # exact name
    assert set(names[1:3]) == {"Kestrel Systems", "Kestrel Video Ltd"}  # name starts with it
    assert names[3] == "Brightline Social"  # only its summary mentions it


def test_tags_and_summaries_are_searched(officer_client, partners):
    assert result_names(officer_client.get("/organisations/?q=encryption")) == ["Kestrel Systems"]
    assert result_names(officer_client.get("/organisations/?q=parents")) == ["Quill Helpline"]


def test_the_index_follows_changes_to_names_other_names_and_tags(officer_client, partners, app_context):
    kestrel = partners["kestrel"]
    kestrel.name = "Osprey Systems"
    kestrel.aliases.append(OrganisationAlias(name="Fishhawk"))
    db.session.commit()
    assert result_names(officer_client.get("/organisations/?q=osprey")) == ["Osprey Systems"]
    assert result_names(officer_client.get("/organisations/?q=fishhawk")) == ["Osprey Systems"]
    tag = db.session.query(Tag).filter_by(name="end-to-end encryption").one()
    tag.name = "e2ee"
    db.session.commit()
    assert result_names(officer_client.get("/organisations/?q=e2ee")) == ["Osprey Systems"]
    assert result_names(officer_client.get("/organisations/?q=encryption")) == []
    kestrel.aliases.clear()
    kestrel.tags.clear()
    db.session.commit()
    assert result_names(officer_client.get("/organisations/?q=fishhawk")) == []
    assert result_names(officer_client.get("/organisations/?q=e2ee")) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"kestrel',
        "kestrel*",
        "*",
        "NEAR(kestrel systems)",
        "kestrel NEAR systems",
        "name:kestrel",
        "{name}: kestrel",
        "-kestrel",
        "^kestrel",
        "(kestrel",
        "kestrel)",
        "kestrel AND OR NOT",
        "'; DROP TABLE organisations; --",
        "kestrel & | ! <-> :* :A",
        "%_\\",
        "\x00",
        "kestrel\x00systems\x1b\u200b",
        "🦅 ½ ² ① ٣",
        "a" * 10_000,
        "kestrel " * 2_000,
        "   ",
    ],
)
def test_hostile_queries_never_fail(officer_client, partners, query):
    response = officer_client.get("/organisations/", query_string={"q": query})
    assert response.status_code == 200
    assert page(response).select_one("h1").get_text(strip=True) == "Organisations"


def test_operator_characters_are_treated_as_text(officer_client, partners):
    names = result_names(officer_client.get("/organisations/", query_string={"q": '"kestrel*"'}))
    assert set(names[:2]) == {"Kestrel Systems", "Kestrel Video Ltd"}
    for query in ('quill"', "quill*)", "(quill", "quill:", "-quill", "^quill"):
        assert result_names(officer_client.get("/organisations/", query_string={"q": query})) == [
            "Quill Helpline"
        ], query


def test_an_over_long_search_is_explained(officer_client, partners):
    response = officer_client.get("/organisations/", query_string={"q": "a" * 10_000})
    assert "Search for 200 characters or fewer" in text_of(response, "#q-error")
    assert result_names(response) == []


def test_a_search_of_punctuation_only_is_explained(officer_client, partners):
    response = officer_client.get("/organisations/", query_string={"q": '"*:^()'})
    assert "Search using letters or numbers" in text_of(response, "#q-error")
    assert "No organisations found" in text_of(response, "#no-results")


def test_no_match_gives_a_clear_empty_state(officer_client, partners):
    response = officer_client.get("/organisations/?q=zzyzx")
    assert result_names(response) == []
    empty = text_of(response, "#no-results")
    assert "No organisations found" in empty
    assert "checking the spelling" in empty
    assert page(response).select_one("#no-results a[href*='/organisations/new?name=zzyzx']") is not None


def test_search_respects_filters(officer_client, partners):
    response = officer_client.get("/organisations/?q=kestrel&sector=charity")
    assert result_names(response) == []
    response = officer_client.get("/organisations/?q=manch&sector=law-enforcement")
    assert result_names(response) == ["Greater Manchester Police"]


def _facet_counts(response, facet: str) -> dict[str, int]:
    """{option value: the count its label shows}."""
    html = page(response)
    counts = {}
    for box in html.select(f"#filter-{facet} input"):
        label = html.select_one(f"label[for='{box['id']}']").get_text()
        counts[box["value"]] = int(label.rsplit("(", 1)[1].rstrip(")"))
    return counts


@pytest.mark.parametrize("query", ["kestrel", "Kestral", "manch", "hawk"])
def test_the_counts_beside_the_filters_count_what_the_search_lists(officer_client, partners, query):
    """The counts read only the matches' ids (not their ranks), full-text and typo matches alike:
    they must still agree with the rows the search lists."""
    response = officer_client.get(f"/organisations/?q={query}&sector=technology&sector=charity")
    listed = result_names(response)
    assert listed
    sectors = _facet_counts(response, "sector")
    assert sectors["technology"] + sectors["charity"] == len(listed)
    assert sum(_facet_counts(response, "status").values()) == len(listed)
    everywhere = result_names(officer_client.get(f"/organisations/?q={query}"))
    assert sum(sectors.values()) == len(everywhere)


def test_typo_matches_are_counted(officer_client, partners):
    sectors = _facet_counts(officer_client.get("/organisations/?q=Kestral"), "sector")
    assert sectors == {"technology": 2, "law-enforcement": 0, "charity": 0, "government": 0}
