"""/search?q= : one search across organisations, people, contacts and actions, grouped by type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crm.models import AliasKind, OrganisationAlias
from tests import factories
from tests.html import page, text_of
from tests.integration.search.conftest import group, group_count, result_titles


@pytest.fixture
def kestrel(officer):
    organisation = factories.OrganisationFactory(
        name="Kestrel Social",
        aliases=[OrganisationAlias(name="KS Chat", kind=AliasKind.ALIAS)],
        summary="A messaging platform popular with teenagers.",
    )
    other = factories.OrganisationFactory(name="Harbour Trust", summary="Funds the Kestrel helpline.")
    person = factories.PersonFactory(name="Asha Kestrelson", job_title="Head of Trust", organisation=other)
    colleague = factories.PersonFactory(name="Ben Ode", job_title="Policy lead", organisation=organisation)
    engagement = factories.EngagementFactory(
        title="Quarterly review",
        summary="Agreed that Kestrel will publish its first transparency report in May.",
        organisations=[organisation],
    )
    action = factories.ActionFactory(
        title="Send Kestrel the hash-matching guidance", owner_user=officer, organisations=[organisation]
    )
    factories.OrganisationFactory(name="Unrelated Water Board")
    return {
        "organisation": organisation,
        "other": other,
        "person": person,
        "colleague": colleague,
        "engagement": engagement,
        "action": action,
    }


def test_search_is_at_slash_search_without_a_redirect(officer_client, kestrel):
    response = officer_client.get("/search?q=kestrel")
    assert response.status_code == 200
    assert text_of(response, "h1") == "Search results for ‘kestrel’"


def test_results_are_grouped_by_type_with_counts(officer_client, kestrel):
    response = officer_client.get("/search?q=kestrel")

    # Exact and prefix name matches first, then a match in the summary alone.
    assert result_titles(response, "organisations") == ["Kestrel Social", "Harbour Trust"]
    assert group_count(response, "organisations") == 2
    # People match on their own name, or their organisation's name.
    assert result_titles(response, "people") == ["Asha Kestrelson", "Ben Ode"]
    assert group_count(response, "people") == 2
    assert result_titles(response, "engagements") == ["Quarterly review"]
    assert group_count(response, "engagements") == 1
    assert result_titles(response, "actions") == ["Send Kestrel the hash-matching guidance"]
    assert group_count(response, "actions") == 1
    assert text_of(response, "#results-summary") == "6 results"
    assert "Unrelated Water Board" not in response.get_data(as_text=True)
    jump = [a.get_text() for a in page(response).select("#result-groups a")]
    assert jump == ["Organisations (2)", "People (2)", "Contacts (1)", "Actions (1)"]


def test_results_link_to_each_record(officer_client, kestrel):
    response = officer_client.get("/search?q=kestrel")
    assert group(response, "organisations").select("li a")[0]["href"] == (
        f"/organisations/{kestrel['organisation'].id}"
    )
    assert group(response, "people").select("li a")[0]["href"] == f"/people/{kestrel['person'].id}"
    assert group(response, "engagements").select_one("li a")["href"] == (
        f"/engagements/{kestrel['engagement'].id}"
    )
    assert group(response, "actions").select_one("li a")["href"] == f"/actions/{kestrel['action'].id}"


def test_see_all_links_open_the_filtered_lists(officer_client, kestrel):
    response = officer_client.get("/search?q=kestrel")
    organisations_link = page(response).select_one("#organisations-see-all")
    people_link = page(response).select_one("#people-see-all")
    assert organisations_link["href"] == "/organisations/?q=kestrel"
    assert people_link["href"] == "/people/?q=kestrel"
    assert "See all 2 matching organisations" in organisations_link.get_text()
    # The contact log and the actions review have no text filter, so there is nothing to link to.
    assert group(response, "engagements").select("a[id$=see-all]") == []
    assert group(response, "actions").select("a[id$=see-all]") == []
    # The lists find the same records.
    listed = page(officer_client.get(organisations_link["href"]))
    assert "Kestrel Social" in listed.get_text() and "Harbour Trust" in listed.get_text()
    listed_people = page(officer_client.get(people_link["href"])).select("#people tbody tr")
    assert len(listed_people) == 2


def test_see_all_for_people_drops_quotes_the_search_ignored(officer_client, kestrel):
    response = officer_client.get('/search?q="asha"')
    assert result_titles(response, "people") == ["Asha Kestrelson"]
    assert page(response).select_one("#people-see-all")["href"] == "/people/?q=asha"


def test_matches_are_highlighted(officer_client, kestrel):
    response = officer_client.get("/search?q=kestrel")
    marks = [mark.get_text() for mark in group(response, "organisations").select("mark")]
    assert marks[0] == "Kestrel"
    assert "Kestrel" in marks  # Harbour Trust's summary
    assert [m.get_text() for m in group(response, "engagements").select("mark")] == ["Kestrel"]
    assert [m.get_text() for m in group(response, "actions").select("mark")] == ["Kestrel"]
    # Part of a word for people (the people list matches anywhere in a name).
    assert group(response, "people").select("mark")[0].get_text() == "Kestrel"


def test_an_other_name_that_matched_is_shown(officer_client, kestrel):
    response = officer_client.get("/search?q=ks")
    item = group(response, "organisations").select_one("li")
    assert "Also known as KS Chat" in " ".join(item.get_text().split())
    assert [m.get_text() for m in item.select("mark")] == ["KS"]


def test_a_typo_still_finds_the_organisation(officer_client, kestrel):
    response = officer_client.get("/search?q=kestral")
    assert result_titles(response, "organisations")[0] == "Kestrel Social"


def test_every_word_must_match(officer_client, kestrel):
    response = officer_client.get("/search?q=transparency+may")
    assert result_titles(response, "engagements") == ["Quarterly review"]
    response = officer_client.get("/search?q=kestrel+guidance")
    assert group_count(response, "engagements") == 0
    assert "No contacts match." in group(response, "engagements").get_text()
    assert result_titles(response, "actions") == ["Send Kestrel the hash-matching guidance"]


def test_each_group_is_limited_with_its_full_count(officer_client, officer):
    for n in range(13):
        factories.OrganisationFactory(name=f"Osprey Services {n:02}")
        factories.EngagementFactory(
            title=f"Osprey call {n:02}", starts_at=datetime.now(UTC) - timedelta(days=n + 1)
        )
    response = officer_client.get("/search?q=osprey")
    assert len(result_titles(response, "organisations")) == 10
    assert group_count(response, "organisations") == 13
    assert "See all 13 matching organisations" in text_of(response, "#organisations-see-all")
    # Newest contact first.
    assert result_titles(response, "engagements")[:2] == ["Osprey call 00", "Osprey call 01"]
    assert group_count(response, "engagements") == 13
    assert text_of(response, "#contacts-shown") == (
        "Showing the first 10 of 13 contacts. Add more words to narrow the search."
    )


def test_archived_organisations_are_left_out_as_in_the_list(officer_client):
    factories.OrganisationFactory(name="Merlin Archive", archived_at=datetime.now(UTC))
    factories.OrganisationFactory(name="Merlin Current")
    response = officer_client.get("/search?q=merlin")
    assert result_titles(response, "organisations") == ["Merlin Current"]


def test_do_not_contact_is_shown(officer_client):
    factories.PersonFactory(name="Dana Quill", do_not_contact=True)
    response = officer_client.get("/search?q=quill")
    assert "Do not contact" in group(response, "people").get_text()


def test_a_title_match_comes_before_a_summary_match(officer_client):
    factories.EngagementFactory(
        title="Catch-up", summary="Talked about heron", starts_at=datetime.now(UTC) - timedelta(hours=1)
    )
    factories.EngagementFactory(title="Heron workshop", starts_at=datetime.now(UTC) - timedelta(days=30))
    response = officer_client.get("/search?q=heron")
    assert result_titles(response, "engagements") == ["Heron workshop", "Catch-up"]


def test_nothing_found_says_what_to_try(officer_client, kestrel):
    response = officer_client.get("/search?q=zzyzx")
    assert text_of(response, "#no-results h2") == "No results found"
    assert "checking the spelling" in text_of(response, "#no-results")
    assert page(response).select("section#organisations, section#people") == []


def test_like_wildcards_match_themselves(officer_client):
    factories.EngagementFactory(title="Growth 100% target")
    factories.EngagementFactory(title="Growth 1000 target")
    factories.EngagementFactory(title="Plan a_b")
    factories.EngagementFactory(title="Plan axb")
    factories.EngagementFactory(title=r"Path c:\temp")
    assert result_titles(officer_client.get("/search?q=100%25"), "engagements") == ["Growth 100% target"]
    assert result_titles(officer_client.get("/search?q=a_b"), "engagements") == ["Plan a_b"]
    assert result_titles(officer_client.get("/search?q=c:%5Ctemp"), "engagements") == [r"Path c:\temp"]
