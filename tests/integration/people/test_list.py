"""/people/ : search in the database, allowlisted filters and sort, pagination, empty state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crm.models import Sector
from tests import factories
from tests.html import page, text_of
from tests.integration.people.conftest import count_queries


def listed(response) -> list[str]:
    """The names in the list, in order."""
    return [link.get_text(strip=True) for link in page(response).select("#people tbody a.app-person-link")]


@pytest.fixture
def people(app):
    kestrel = factories.OrganisationFactory(name="Kestrel Messaging", sector=Sector.TECHNOLOGY)
    police = factories.OrganisationFactory(name="Northshire Police", sector=Sector.LAW_ENFORCEMENT)
    helpline = factories.OrganisationFactory(name="Safe Voices Helpline", sector=Sector.CHARITY)
    return {
        "amelia": factories.PersonFactory(
            name="Amelia Hart",
            job_title="Head of Trust and Safety",
            email="amelia.hart@kestrel.example.org",
            organisation=kestrel,
        ),
        "bilal": factories.PersonFactory(
            name="Bilal Khan",
            job_title="Detective Inspector",
            email="b.khan@police.example.org",
            organisation=police,
        ),
        "hartley": factories.PersonFactory(
            name="Hartley Jones",
            job_title="Helpline manager",
            email="hj@voices.example.org",
            organisation=helpline,
        ),
        "priya": factories.PersonFactory(
            name="Priya Shah",
            job_title="Policy adviser",
            email="priya@hart-consulting.example.org",
            organisation=None,
        ),
        "kestrel": kestrel,
        "police": police,
        "helpline": helpline,
    }


def test_lists_everyone_by_name_with_their_organisation(officer_client, people):
    response = officer_client.get("/people/")
    assert listed(response) == ["Amelia Hart", "Bilal Khan", "Hartley Jones", "Priya Shah"]
    assert "Kestrel Messaging" in text_of(response, "#people")
    assert page(response).title.get_text().startswith("People")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("amel", ["Amelia Hart"]),  # part of a name
        ("AMELIA", ["Amelia Hart"]),  # any case
        ("b.khan@police", ["Bilal Khan"]),  # email
        ("northshire", ["Bilal Khan"]),  # organisation name
        ("detective", ["Bilal Khan"]),  # job title
        ("amelia kestrel", ["Amelia Hart"]),  # every word must match somewhere
        ("  helpline   MANAGER ", ["Hartley Jones"]),
        ("nobody-like-this", []),
    ],
)
def test_search_matches_name_email_organisation_and_job_title(officer_client, people, q, expected):
    assert listed(officer_client.get("/people/", query_string={"q": q})) == expected


def test_names_starting_with_the_search_come_first(officer_client, people):
    # "hart": Hartley's name starts with it; Amelia has a surname starting with it; Priya only an email.
    response = officer_client.get("/people/", query_string={"q": "hart"})
    assert listed(response) == ["Hartley Jones", "Amelia Hart", "Priya Shah"]
    assert page(response).select_one("#sort option[selected]").get_text() == "Best match"


def test_like_wildcards_match_themselves(officer_client, people):
    factories.PersonFactory(name="Percent 100% Sure", email="under_score@partner.example.org")
    assert listed(officer_client.get("/people/", query_string={"q": "%"})) == ["Percent 100% Sure"]
    assert listed(officer_client.get("/people/", query_string={"q": "_"})) == ["Percent 100% Sure"]
    assert listed(officer_client.get("/people/", query_string={"q": "100%"})) == ["Percent 100% Sure"]
    assert listed(officer_client.get("/people/", query_string={"q": "r_s"})) == ["Percent 100% Sure"]


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        "O'Brien",
        '" OR 1=1 --',
        "\\",
        "\\%",
        "*",
        "NEAR(a b)",
        "name:amelia",
        "-hart",
        "\x00",
        "a\x00b",
        "²",
    ],
)
def test_awkward_searches_never_fail(officer_client, people, q):
    response = officer_client.get("/people/", query_string={"q": q})
    assert response.status_code == 200
    assert page(response).select_one("#q") is not None


def test_apostrophes_find_the_name(officer_client, people):
    factories.PersonFactory(name="Siobhan O'Brien")
    assert listed(officer_client.get("/people/", query_string={"q": "o'brien"})) == ["Siobhan O'Brien"]


def test_a_very_long_search_gets_a_clear_message(officer_client, people):
    response = officer_client.get("/people/", query_string={"q": "a" * 10_000})
    assert response.status_code == 200
    assert text_of(response, "#q-error") == "Error: Search for 200 characters or fewer"
    assert listed(response) == []
    assert "No people found" in text_of(response, "#no-results")


def test_filter_by_organisation(officer_client, people):
    response = officer_client.get("/people/", query_string={"organisation": people["police"].id})
    assert listed(response) == ["Bilal Khan"]
    assert "Northshire Police" in text_of(response, ".moj-filter__selected")
    # No list of every organisation: the chosen one is named, and kept by a hidden field.
    assert page(response).select_one("select#filter-organisation") is None
    assert "Only people at Northshire Police" in text_of(response, "#filter-organisation")
    kept = page(response).select_one('#people-filters input[type="hidden"][name="organisation"]')
    assert kept["value"] == str(people["police"].id)


def test_filter_by_sector(officer_client, people):
    response = officer_client.get(
        "/people/", query_string=[("sector", "law-enforcement"), ("sector", "charity")]
    )
    assert listed(response) == ["Bilal Khan", "Hartley Jones"]
    # The count is a separate, leaner query (see list_people): it must agree with the rows.
    assert text_of(response, "#results-summary") == "Showing 1 to 2 of 2 people"
    tags = [a.get_text(" ", strip=True) for a in page(response).select(".moj-filter__tag")]
    assert tags == ["Remove this filter Law enforcement", "Remove this filter Charity / child protection"]


def test_removing_one_filter_keeps_the_others(officer_client, people):
    response = officer_client.get(
        "/people/", query_string=[("sector", "law-enforcement"), ("sector", "charity"), ("q", "h")]
    )
    remove_charity = page(response).select(".moj-filter__tag")[1]["href"]
    assert listed(officer_client.get(remove_charity)) == ["Bilal Khan"]
    assert "q=h" in remove_charity


def test_filters_combine_with_search(officer_client, people):
    response = officer_client.get("/people/", query_string={"q": "hart", "sector": "technology"})
    assert listed(response) == ["Amelia Hart"]


@pytest.mark.parametrize(
    ("args", "label"),
    [
        ({"sector": "banking"}, "Sector"),
        ({"sort": "password"}, "Sort"),
        ({"sort": "name; DROP TABLE people"}, "Sort"),
        ({"organisation": "abc"}, "Organisation"),
        ({"organisation": "999999"}, "Organisation"),
        ({"organisation": "²"}, "Organisation"),
        ({"erased": "all-of-them"}, "Erased people"),
    ],
)
def test_values_outside_the_allowlists_are_ignored_and_named(officer_client, people, args, label):
    response = officer_client.get("/people/", query_string=args)
    assert response.status_code == 200
    assert label in text_of(response, "#ignored-filters")
    assert listed(response) == ["Amelia Hart", "Bilal Khan", "Hartley Jones", "Priya Shah"]


def test_sort_by_organisation_puts_people_without_one_last(officer_client, people):
    response = officer_client.get("/people/", query_string={"sort": "organisation"})
    assert listed(response) == ["Amelia Hart", "Bilal Khan", "Hartley Jones", "Priya Shah"]
    factories.PersonFactory(name="Aaron Zed", organisation=people["helpline"])
    response = officer_client.get("/people/", query_string={"sort": "organisation"})
    assert listed(response) == ["Amelia Hart", "Bilal Khan", "Aaron Zed", "Hartley Jones", "Priya Shah"]


def test_sort_by_recently_added(officer_client, people):
    now = datetime.now(UTC)
    factories.PersonFactory(name="Zoe Newest", created_at=now + timedelta(minutes=5))
    factories.PersonFactory(name="Old Timer", created_at=now - timedelta(days=900))
    names = listed(officer_client.get("/people/", query_string={"sort": "recent"}))
    assert names[0] == "Zoe Newest"
    assert names[-1] == "Old Timer"


def test_the_filter_form_is_a_get_form_so_every_view_is_a_url(officer_client, people):
    form = page(officer_client.get("/people/")).select_one("#people-filters")
    assert form["method"] == "get"
    assert {field["name"] for field in form.select("input[name], select[name]")} >= {
        "q",
        "organisation_name",
        "sector",
        "erased",
        "sort",
    }


def test_pages_of_fifty(officer_client, app):
    organisation = factories.OrganisationFactory(name="Large Org")
    for number in range(51):
        factories.PersonFactory(name=f"Member {number:02d}", organisation=organisation)
    first = officer_client.get("/people/", query_string={"organisation": organisation.id})
    assert len(listed(first)) == 50
    assert "Showing 1 to 50 of 51 people" in text_of(first, "#results-summary")
    second = officer_client.get("/people/", query_string={"organisation": organisation.id, "page": 2})
    assert listed(second) == ["Member 50"]
    odd = officer_client.get("/people/", query_string={"organisation": organisation.id, "page": "²"})
    assert odd.status_code == 200
    assert len(listed(odd)) == 50


def test_do_not_contact_badge_shows_in_the_list(officer_client, people):
    factories.PersonFactory(name="Quiet Person", do_not_contact=True)
    rows = page(officer_client.get("/people/")).select("#people tbody tr")
    badges = {
        row.select_one("a.app-person-link").get_text(strip=True): [
            b.get_text() for b in row.select(".moj-badge")
        ]
        for row in rows
    }
    assert badges["Quiet Person"] == ["Do not contact"]
    assert badges["Amelia Hart"] == []
    badge = page(officer_client.get("/people/")).select_one(".moj-badge--red")
    assert badge.get_text() == "Do not contact"


def test_erased_people_are_hidden_unless_asked_for(officer_client, people):
    factories.PersonFactory(name="Erased person #77", erased_at=datetime.now(UTC))
    assert "Erased person #77" not in listed(officer_client.get("/people/"))
    shown = officer_client.get("/people/", query_string={"erased": "include"})
    assert "Erased person #77" in listed(shown)
    assert listed(officer_client.get("/people/", query_string={"erased": "only"})) == ["Erased person #77"]


def test_empty_state_says_what_to_do_next(officer_client, viewer_client, people):
    response = officer_client.get("/people/", query_string={"q": "zzzz", "sector": "government"})
    empty = text_of(response, "#no-results")
    assert "No people found" in empty
    assert "checking the spelling" in empty
    assert "removing the filters" in empty
    assert "adding the person" in empty
    assert "adding the person" not in text_of(
        viewer_client.get("/people/", query_string={"q": "zzzz"}), "#no-results"
    )


def test_viewers_see_no_add_button(viewer_client, officer_client, people):
    assert page(viewer_client.get("/people/")).find("a", string="Add a person") is None
    assert page(officer_client.get("/people/")).find("a", string="Add a person")["href"] == "/people/new"


def test_names_are_escaped(officer_client):
    factories.PersonFactory(name="<script>alert('name')</script>", job_title="<img src=x onerror=alert(1)>")
    response = officer_client.get("/people/")
    html = response.get_data(as_text=True)
    assert "<script>alert('name')" not in html
    assert "<img src=x" not in html
    assert listed(response) == ["<script>alert('name')</script>"]


def test_the_list_costs_the_same_number_of_queries_whatever_its_length(app, officer_client):
    organisation = factories.OrganisationFactory()

    def statements_for_list() -> int:
        with count_queries(app) as statements:
            response = officer_client.get("/people/", query_string={"q": "member"})
        assert response.status_code == 200
        return len(statements)

    factories.PersonFactory.create_batch(2, name="Member", organisation=organisation)
    few = statements_for_list()
    factories.PersonFactory.create_batch(30, name="Member")  # each at its own organisation
    assert statements_for_list() == few


# The organisation filter: a text box for part of the name, and ?organisation=<id> from an organisation page.


def test_organisation_name_filter_matches_part_of_the_name(officer_client, people):
    response = officer_client.get("/people/", query_string={"organisation_name": "  POLICE "})
    assert listed(response) == ["Bilal Khan"]
    assert page(response).select_one("#filter-organisation-name")["value"] == "  POLICE "
    tag = page(response).select_one(".moj-filter__tag")
    assert tag.get_text(" ", strip=True) == "Remove this filter police"
    assert "Organisation name contains" in text_of(response, ".moj-filter__selected")
    assert listed(officer_client.get(tag["href"])) == [
        "Amelia Hart",
        "Bilal Khan",
        "Hartley Jones",
        "Priya Shah",
    ]


def test_organisation_name_filter_combines_with_search_and_sector(officer_client, people):
    factories.PersonFactory(name="Hannah Hart", organisation=people["police"])
    response = officer_client.get("/people/", query_string={"organisation_name": "northshire", "q": "hart"})
    assert listed(response) == ["Hannah Hart"]
    response = officer_client.get("/people/", query_string={"organisation_name": "e", "sector": "charity"})
    assert listed(response) == ["Hartley Jones"]


@pytest.mark.parametrize("typed", ["%", "_", "\\", "'", "a\x00b"])
def test_organisation_name_filter_takes_wildcards_literally(officer_client, people, typed):
    response = officer_client.get("/people/", query_string={"organisation_name": typed})
    assert response.status_code == 200
    assert listed(response) == []


def test_an_overlong_organisation_name_is_ignored_and_named(officer_client, people):
    response = officer_client.get("/people/", query_string={"organisation_name": "x" * 500})
    assert "Organisation name (too long)" in text_of(response, "#ignored-filters")
    assert len(listed(response)) == 4


def test_a_link_from_an_organisation_page_shows_the_organisation_and_a_way_to_remove_it(
    officer_client, people
):
    police = people["police"]
    response = officer_client.get("/people/", query_string={"organisation": police.id, "q": "a", "page": "1"})
    assert listed(response) == ["Bilal Khan"]
    assert text_of(response, "#filter-organisation").startswith(
        "Organisation Only people at Northshire Police"
    )
    remove = page(response).select_one("#remove-organisation")["href"]
    assert "organisation=" not in remove and "page=" not in remove and "q=a" in remove
    assert len(listed(officer_client.get(remove))) == 4
    # Applying other filters keeps the organisation: the form carries it.
    form = page(response).select_one("#people-filters")
    assert form.select_one('input[name="organisation"]')["value"] == str(police.id)


def test_an_organisation_with_nobody_can_still_be_chosen(officer_client, people):
    empty = factories.OrganisationFactory(name="Quiet Trust")
    response = officer_client.get("/people/", query_string={"organisation": empty.id})
    assert "Only people at Quiet Trust" in text_of(response, "#filter-organisation")
    assert "No people found" in text_of(response, "#no-results")
    assert "ignored-filters" not in response.get_data(as_text=True)


def test_the_filter_does_not_list_every_organisation(app, officer_client, people):
    for number in range(40):
        factories.PersonFactory(organisation=factories.OrganisationFactory(name=f"Listed Nowhere {number}"))
    response = officer_client.get("/people/")
    panel = page(response).select_one(".moj-filter-layout__filter")
    assert panel.select("select") == []
    assert "Listed Nowhere" not in panel.get_text()
    assert "#filter-organisation" not in response.get_data(as_text=True)
    assert page(response).select_one("#filter-organisation") is None


def test_search_pages_count_every_match(officer_client, app):
    organisation = factories.OrganisationFactory(name="Okafor Partners")
    for number in range(51):
        factories.PersonFactory(name=f"Member {number:02d}", organisation=organisation)
    factories.PersonFactory(name="Someone Else")
    # Matched by the name of their organisation (on PostgreSQL through the organisation_id index).
    first = officer_client.get("/people/", query_string={"q": "okafor", "sort": "name"})
    assert len(listed(first)) == 50
    assert "Showing 1 to 50 of 51 people" in text_of(first, "#results-summary")
    second = officer_client.get("/people/", query_string={"q": "okafor", "sort": "name", "page": 2})
    assert listed(second) == ["Member 50"]
    assert "Showing 51 to 51 of 51 people" in text_of(second, "#results-summary")
    past_the_end = officer_client.get("/people/", query_string={"q": "okafor", "sort": "name", "page": 9})
    assert listed(past_the_end) == ["Member 50"]
    nothing = officer_client.get("/people/", query_string={"q": "nobody-like-this", "page": 3})
    assert "No people found" in text_of(nothing, "#no-results")


@pytest.mark.parametrize(
    "query",
    [{"q": "member"}, {"organisation_name": "org"}, {"q": "member", "organisation": "ORG_ID"}, {}],
)
def test_each_view_of_the_list_costs_a_fixed_number_of_statements(app, officer_client, query):
    organisation = factories.OrganisationFactory(name="Org Zero")
    args = {name: str(organisation.id) if value == "ORG_ID" else value for name, value in query.items()}

    def statements_for_list() -> list[str]:
        with count_queries(app) as statements:
            response = officer_client.get("/people/", query_string=args)
        assert response.status_code == 200
        return [sql for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))]

    factories.PersonFactory.create_batch(2, name="Member", organisation=organisation)
    officer_client.get("/people/", query_string=args)  # warm up anything loaded once per process
    few = statements_for_list()
    for number in range(60):
        factories.PersonFactory(
            name="Member", organisation=factories.OrganisationFactory(name=f"Org {number}")
        )
    factories.PersonFactory.create_batch(60, name="Member", organisation=organisation)
    many = statements_for_list()
    assert len(many) == len(few)
    # The user, the settings, the chosen organisation (when there is one), the count and the page.
    assert len(many) <= 5, many
