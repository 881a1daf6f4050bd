"""The contact log (/engagements/): filters, order, pagination, a fixed query count, and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, Classification, EngagementKind, Sector
from tests import factories
from tests.html import page, text_of
from tests.integration.engagements.conftest import count_queries


def _titles(response) -> list[str]:
    return [
        a.get_text(strip=True) for a in page(response).select("#engagements tbody tr td:nth-of-type(2) a")
    ]


def _at(days_ago: int, hour: int = 10) -> datetime:
    return datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)


@pytest.fixture
def log(officer):
    """A small contact log: several sectors, kinds, officers and asks."""
    asks = factories.five_asks()
    colleague = factories.UserFactory(name="Colm Colleague")
    platform = factories.OrganisationFactory(name="Kestrel Social", sector=Sector.TECHNOLOGY)
    police = factories.OrganisationFactory(name="Northshire Police", sector=Sector.LAW_ENFORCEMENT)
    charity = factories.OrganisationFactory(name="Safe Harbour Trust", sector=Sector.CHARITY)
    return {
        "asks": asks,
        "colleague": colleague,
        "platform": platform,
        "police": police,
        "charity": charity,
        "old": factories.EngagementFactory(
            title="Old call",
            kind=EngagementKind.CALL,
            starts_at=_at(40),
            organisations=[police],
            officers=[colleague],
        ),
        "middle": factories.EngagementFactory(
            title="Middle meeting",
            starts_at=_at(10),
            organisations=[platform, charity],
            officers=[officer],
            asks=[asks[0]],
        ),
        "new": factories.EngagementFactory(
            title="New email",
            kind=EngagementKind.EMAIL,
            starts_at=_at(1),
            organisations=[platform],
            officers=[officer, colleague],
            asks=[asks[1]],
        ),
    }


def test_newest_first(officer_client, log):
    response = officer_client.get("/engagements/")
    assert _titles(response) == ["New email", "Middle meeting", "Old call"]
    assert "Kestrel Social, Safe Harbour Trust" in text_of(response, "#engagements")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda log: {"organisation": log["platform"].id}, ["New email", "Middle meeting"]),
        (lambda log: {"sector": "law-enforcement"}, ["Old call"]),
        (lambda log: {"sector": "charity"}, ["Middle meeting"]),
        (lambda log: {"kind": ["call", "email"]}, ["New email", "Old call"]),
        (lambda log: {"officer": log["colleague"].id}, ["New email", "Old call"]),
        (lambda log: {"ask": log["asks"][0].id}, ["Middle meeting"]),
        (
            lambda log: {"from": (_at(15)).strftime("%d/%m/%Y"), "to": (_at(5)).strftime("%d/%m/%Y")},
            ["Middle meeting"],
        ),
        (lambda log: {"from": (_at(10)).date().isoformat()}, ["New email", "Middle meeting"]),
        (lambda log: {"organisation": log["platform"].id, "kind": "meeting"}, ["Middle meeting"]),
    ],
)
def test_filters(officer_client, log, query, expected):
    response = officer_client.get("/engagements/", query_string=query(log))
    assert _titles(response) == expected
    assert not page(response).select("#ignored-filters")
    # The applied filters show as removable tags, and the export link carries them (bookmarkable).
    assert page(response).select(".moj-filter__tag")
    export = page(response).select_one("#export-link")["href"]
    assert export.startswith("/engagements/export.csv?")


def test_a_reversed_date_range_says_so_and_is_not_applied(officer_client, log):
    response = officer_client.get("/engagements/", query_string={"from": "20/3/2026", "to": "1/3/2026"})
    message = text_of(response, "#date-range-error")
    assert "The 'from' date (20 March 2026) is after the 'to' date (1 March 2026)" in message
    assert _titles(response) == ["New email", "Middle meeting", "Old call"]
    assert page(response).select_one("#filter-from")["value"] == "20/3/2026"


def test_unknown_filter_values_are_ignored_with_a_message(officer_client, log):
    response = officer_client.get(
        "/engagements/",
        query_string={"kind": "party", "sector": "pirates", "organisation": "x", "from": "31/2/2026"},
    )
    assert response.status_code == 200
    notes = text_of(response, "#ignored-filters")
    assert "'party' is not a kind of contact" in notes
    assert "The sector filter was not recognised" in notes
    assert "The organisation filter was not recognised" in notes
    assert "The 'from' date is not a real date" in notes
    assert _titles(response) == ["New email", "Middle meeting", "Old call"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("KESTREL", ["New email", "Middle meeting"]),
        ("harbour tr", ["Middle meeting"]),
        ("shire", ["Old call"]),
        ("100%", []),  # % is a character to find, not a wildcard
        ("nowhere", []),
    ],
)
def test_filter_by_part_of_an_organisation_name(officer_client, log, name, expected):
    response = officer_client.get("/engagements/", query_string={"organisation_name": name})
    assert _titles(response) == expected
    assert page(response).select_one("#filter-organisation-name")["value"] == name


def test_one_organisation_from_a_link_is_named_and_can_be_removed(officer_client, log):
    response = officer_client.get(
        "/engagements/", query_string={"organisation": log["platform"].id, "kind": "meeting"}
    )
    assert _titles(response) == ["Middle meeting"]
    assert "Only contacts with Kestrel Social" in text_of(response, "#filter-organisation")
    remove = page(response).select_one("#remove-organisation")["href"]
    assert "organisation=" not in remove and "kind=meeting" in remove
    assert _titles(officer_client.get(remove)) == ["Middle meeting"]


def test_a_link_to_an_organisation_that_does_not_exist_shows_everything_and_says_so(officer_client, log):
    response = officer_client.get("/engagements/", query_string={"organisation": 999999})
    assert "names no organisation" in text_of(response, "#ignored-filters")
    assert _titles(response) == ["New email", "Middle meeting", "Old call"]


def test_an_overlong_organisation_name_is_not_applied_and_says_why(officer_client, log):
    response = officer_client.get("/engagements/", query_string={"organisation_name": "k" * 1001})
    assert "The organisation name filter is not applied" in text_of(response, "#ignored-filters")
    assert _titles(response) == ["New email", "Middle meeting", "Old call"]


def test_the_filters_do_not_list_every_organisation(officer_client, log):
    # Thousands of organisations would make the page megabytes; they are found by name instead.
    factories.OrganisationFactory(name="Only In The Database")
    response = officer_client.get("/engagements/")
    assert page(response).select_one("select[name=organisation]") is None
    assert "Only In The Database" not in response.get_data(as_text=True)


def test_export_follows_the_organisation_name_filter(officer_client, log):
    response = officer_client.get("/engagements/export.csv", query_string={"organisation_name": "north"})
    assert [row[4] for row in _csv(response)[2:]] == ["Old call"]


def test_empty_log_says_what_to_do(officer_client):
    response = officer_client.get("/engagements/")
    assert "No contacts have been logged yet." in text_of(response, "#no-engagements")
    assert page(response).select_one("#no-engagements a")["href"] == "/engagements/new"


def test_paginated_by_fifty(officer_client, officer):
    organisation = factories.OrganisationFactory()
    for n in range(51):
        factories.EngagementFactory(title=f"Contact {n:02}", starts_at=_at(n), organisations=[organisation])
    first = officer_client.get("/engagements/")
    assert len(_titles(first)) == 50
    assert _titles(first)[0] == "Contact 00"
    assert "Showing 1 to 50 of 51 contacts" in text_of(first, "#results-summary")
    second = officer_client.get("/engagements/?page=2")
    assert _titles(second) == ["Contact 50"]


def test_the_list_costs_the_same_queries_for_5_or_60_contacts(app, officer_client, officer):
    organisations = [factories.OrganisationFactory() for _ in range(3)]

    def add(count: int) -> None:
        for n in range(count):
            factories.EngagementFactory(
                starts_at=_at(n), organisations=organisations[: 1 + n % 3], officers=[officer]
            )

    add(5)
    with count_queries(app) as five:
        assert officer_client.get("/engagements/").status_code == 200
    add(55)
    with count_queries(app) as sixty:
        assert officer_client.get("/engagements/").status_code == 200
    print(f"\nContact log page: {len(five)} queries with 5 contacts, {len(sixty)} with 60")
    assert len(five) == len(sixty)


def test_a_page_with_a_sensitive_contact_shows_the_marking(app, log):
    team = factories.TeamFactory()
    member = factories.UserFactory(team=team)
    factories.EngagementFactory(
        title="Quiet one",
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
        organisations=[log["police"]],
    )
    from tests.conftest import sign_in

    response = sign_in(app.test_client(), member).get("/engagements/")
    assert "Quiet one" in _titles(response)
    assert text_of(response, "#classification-banner").startswith("OFFICIAL-SENSITIVE")


# --- CSV export -------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_export_is_the_filtered_view_with_its_marking_first(officer_client, officer, log):
    response = officer_client.get(
        "/engagements/export.csv", query_string={"organisation": log["platform"].id}
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="contact-log-OFFICIAL-')
    rows = _csv(response)
    assert rows[0] == ["OFFICIAL"]
    assert rows[1][:5] == ["Date", "Start time", "End time", "Kind", "Title"]
    assert [row[4] for row in rows[2:]] == ["New email", "Middle meeting"]
    middle = rows[3]
    assert middle[5] == "Kestrel Social; Safe Harbour Trust"
    assert middle[6] == "Technology company; Charity / child protection"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "export")).one()
    assert event.entity_type == "Engagement"
    assert event.actor_id == officer.id
    assert event.changes["rows"] == 2
    assert event.changes["classification"] == "official"
    assert event.changes["filters"] == {"organisation": log["platform"].id}


def test_export_of_a_sensitive_row_is_marked_and_only_for_the_team(app, officer_client, log):
    team = factories.TeamFactory()
    member = factories.UserFactory(team=team)
    factories.EngagementFactory(
        title="Quiet one",
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
        organisations=[log["police"]],
    )
    from tests.conftest import sign_in

    response = sign_in(app.test_client(), member).get("/engagements/export.csv")
    assert 'filename="contact-log-OFFICIAL-SENSITIVE-' in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["OFFICIAL-SENSITIVE"]
    assert "Quiet one" in [row[4] for row in rows[2:]]

    outsider = officer_client.get("/engagements/export.csv")
    assert _csv(outsider)[0] == ["OFFICIAL"]
    assert "Quiet one" not in outsider.get_data(as_text=True)


def test_export_neutralises_spreadsheet_formulas(officer_client, officer):
    organisation = factories.OrganisationFactory(name="@SUM(1+1)")
    person = factories.PersonFactory(name="-2+3", organisation=organisation)
    payloads = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "\tTabbed", "\rReturned"]
    for n, title in enumerate(payloads):
        factories.EngagementFactory(
            title=title,
            summary="=1+1",
            starts_at=_at(n),
            organisations=[organisation],
            people=[person],
            officers=[officer],
        )
    rows = _csv(officer_client.get("/engagements/export.csv"))[2:]
    assert [row[4] for row in rows] == ["'" + p for p in payloads]
    assert {row[5] for row in rows} == {"'@SUM(1+1)"}
    assert {row[7] for row in rows} == {"'-2+3"}
    assert {row[11] for row in rows} == {"'=1+1"}
    for row in rows:
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row), row


def test_viewers_can_read_and_export(viewer_client, log):
    response = viewer_client.get("/engagements/")
    assert _titles(response) == ["New email", "Middle meeting", "Old call"]
    assert not [a for a in page(response).select("a") if a.get("href") == "/engagements/new"]
    assert viewer_client.get("/engagements/export.csv").status_code == 200
