"""The organisation page: details, people, timeline, outstanding actions and the scorecard row."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from crm.models import ActionStatus, Classification, CommitmentStatus, Sector
from crm.services.organisations import record
from tests import factories
from tests.html import page, text_of


def days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


@pytest.fixture
def kestrel(make_organisation, officer):
    parent = make_organisation("Kestrel Group")
    org = make_organisation(
        "Kestrel Chat",
        aliases=["KChat"],
        former=["Hawk Messaging"],
        tags=["encryption", "livestreaming"],
        sub_type="messaging platform",
        website="https://kestrel.example.org",
        country="Ireland",
        summary="First paragraph.\nSecond paragraph.",
        lead_officer=officer,
        parent=parent,
    )
    make_organisation("Kestrel Kids", parent=org)
    return org


def test_the_summary_list_shows_the_details(viewer_client, kestrel):
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    assert text_of(response, "h1") == "Kestrel Chat"
    details = {
        " ".join(row.select_one("dt").get_text(" ").split()): " ".join(
            row.select_one("dd").get_text(" ").split()
        )
        for row in page(response).select("#details .govuk-summary-list__row")
    }
    assert details["Sector"] == "Technology company"
    assert details["Type"] == "messaging platform"
    assert details["Relationship status"] == "Active"
    assert details["Lead officer"] == kestrel.lead_officer.name
    assert details["Website"] == "https://kestrel.example.org"
    assert details["Country"] == "Ireland"
    assert details["Tags"] == "encryption livestreaming"
    assert details["Other names"] == "KChat"
    assert details["Former names"] == "Hawk Messaging"
    assert details["Part of"] == "Kestrel Group"
    assert details["Parts"] == "Kestrel Kids"
    assert details["Summary"] == "First paragraph. Second paragraph."
    website = page(response).select_one("#details a[href='https://kestrel.example.org']")
    assert website is not None and "noopener" in website["rel"]


def test_a_website_without_a_web_scheme_is_not_a_link(viewer_client, make_organisation):
    org = make_organisation("Old Import", website="javascript:alert(1)")
    response = viewer_client.get(f"/organisations/{org.id}")
    assert page(response).select_one("#details a[href^='javascript']") is None
    assert "javascript:alert(1)" in text_of(response, "#details")


def test_people_link_to_their_pages_and_show_do_not_contact(viewer_client, kestrel):
    ada = factories.PersonFactory(name="Ada Quigley", organisation=kestrel, job_title="Head of Trust")
    ben = factories.PersonFactory(name="Ben Rowe", organisation=kestrel, do_not_contact=True)
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    rows = page(response).select("#people tbody tr")
    assert [row.select_one("a").get_text(strip=True) for row in rows] == ["Ada Quigley", "Ben Rowe"]
    assert rows[0].select_one("a")["href"] == f"/people/{ada.id}"
    assert rows[1].select_one(".moj-badge").get_text(strip=True) == "Do not contact"
    assert rows[0].select_one(".moj-badge") is None
    assert rows[1].select_one("a")["href"] == f"/people/{ben.id}"


def test_the_timeline_is_newest_first_and_respects_the_access_scope(viewer_client, kestrel, viewer):
    team = factories.TeamFactory()
    factories.EngagementFactory(title="Old call", organisations=[kestrel], starts_at=days_ago(30))
    new = factories.EngagementFactory(title="New meeting", organisations=[kestrel], starts_at=days_ago(1))
    factories.EngagementFactory(
        title="Secret briefing",
        organisations=[kestrel],
        starts_at=days_ago(2),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
    )
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    titles = [a.get_text(strip=True) for a in page(response).select("#timeline .moj-timeline__title a")]
    assert titles == ["New meeting", "Old call"]
    assert page(response).select_one("#timeline .moj-timeline__title a")["href"] == f"/engagements/{new.id}"
    assert "2 contacts" in text_of(response, "#timeline-heading + p")
    assert "Secret" not in response.get_data(as_text=True)
    assert text_of(response, "#marking") == "OFFICIAL"
    log_link = page(response).select_one(f"a[href='/engagements/?organisation={kestrel.id}']")
    assert log_link.get_text(strip=True) == "See all in the contact log"


def test_team_members_see_their_sensitive_engagements_and_the_page_marking(app, kestrel):
    from tests.conftest import sign_in

    team = factories.TeamFactory()
    member = factories.UserFactory(team=team)
    factories.EngagementFactory(
        title="Secret briefing",
        organisations=[kestrel],
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
    )
    response = sign_in(app.test_client(), member).get(f"/organisations/{kestrel.id}")
    assert "Secret briefing" in text_of(response, "#timeline")
    assert text_of(response, "#marking") == "OFFICIAL-SENSITIVE"


def test_the_timeline_is_capped_with_a_link_to_the_contact_log(viewer_client, kestrel):
    for number in range(25):
        factories.EngagementFactory(
            title=f"Call {number}", organisations=[kestrel], starts_at=days_ago(number + 1)
        )
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    assert len(page(response).select("#timeline .moj-timeline__item")) == 20
    assert "The latest 20 of 25 contacts" in text_of(response, "#timeline-heading + p")


def test_outstanding_actions_owed_both_ways(viewer_client, kestrel, officer):
    ours = factories.ActionFactory(
        title="Send the draft code", owner_user=officer, organisations=[kestrel], due_on=date(2020, 1, 1)
    )
    theirs = factories.ActionFactory(title="Share hash list", owner_organisation=kestrel, chaser=officer)
    factories.ActionFactory(
        title="Finished", owner_organisation=kestrel, chaser=officer, status=ActionStatus.DONE
    )
    factories.ActionFactory(
        title="Hidden action",
        owner_organisation=kestrel,
        chaser=officer,
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
    )
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    assert [a.get_text(strip=True) for a in page(response).select("#owed-by-us tbody a")] == [
        "Send the draft code"
    ]
    assert "Overdue" in text_of(response, "#owed-by-us tbody")
    assert page(response).select_one("#owed-by-us tbody a")["href"] == f"/actions/{ours.id}"
    partner_rows = text_of(response, "#owed-by-partners tbody")
    assert "Share hash list" in partner_rows and f"Chased by {officer.name}" in partner_rows
    assert page(response).select_one("#owed-by-partners tbody a")["href"] == f"/actions/{theirs.id}"
    body = response.get_data(as_text=True)
    assert "Finished" not in body and "Hidden action" not in body


def test_the_scorecard_row_shows_each_of_the_five_asks(viewer_client, kestrel):
    asks = factories.five_asks()
    factories.CommitmentFactory(organisation=kestrel, ask=asks[0], status=CommitmentStatus.DELIVERED)
    factories.CommitmentFactory(organisation=kestrel, ask=asks[2], status=CommitmentStatus.DECLINED)
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    rows = page(response).select("#scorecard tbody tr")
    assert [row.select_one("th").get_text(strip=True) for row in rows] == [ask.title for ask in asks]
    badges = [row.select_one(".moj-badge").get_text(strip=True) for row in rows]
    assert badges == ["Delivered", "Not recorded", "Declined", "Not recorded", "Not recorded"]


def test_no_scorecard_for_other_sectors_without_positions(viewer_client, make_organisation):
    police = make_organisation("Vale Police", sector=Sector.LAW_ENFORCEMENT)
    assert page(viewer_client.get(f"/organisations/{police.id}")).select_one("#scorecard") is None


def test_writers_get_the_cross_feature_buttons_and_viewers_do_not(officer_client, viewer_client, kestrel):
    buttons = {
        a.get_text(strip=True): a["href"]
        for a in page(officer_client.get(f"/organisations/{kestrel.id}")).select("#record-actions a")
    }
    assert buttons == {
        "Log a contact": f"/engagements/new?organisation={kestrel.id}",
        "Add a person": f"/people/new?organisation={kestrel.id}",
        "Add an action": f"/actions/new?organisation={kestrel.id}",
    }
    viewer_page = page(viewer_client.get(f"/organisations/{kestrel.id}"))
    assert viewer_page.select_one("#record-actions") is None
    assert viewer_page.select_one("#record-links") is None


def test_a_missing_organisation_is_404(viewer_client):
    assert viewer_client.get("/organisations/999999").status_code == 404


def _history(organisation, officer, size: int) -> None:
    asks = factories.five_asks()
    for number in range(size):
        person = factories.PersonFactory(organisation=organisation, do_not_contact=number % 2 == 0)
        engagement = factories.EngagementFactory(
            organisations=[organisation], people=[person], officers=[officer], starts_at=days_ago(number + 1)
        )
        factories.ActionFactory(owner_user=officer, organisations=[organisation], engagement=engagement)
        factories.ActionFactory(owner_organisation=organisation, owner_person=person, chaser=officer)
    for ask in asks[: min(size, 5)]:
        factories.CommitmentFactory(organisation=organisation, ask=ask)


def test_the_page_costs_the_same_number_of_queries_whatever_the_history(
    officer_client, officer, make_organisation, count_queries
):
    small, large = make_organisation("Small History"), make_organisation("Large History")
    _history(small, officer, 2)
    _history(large, officer, 40)
    officer_client.get(f"/organisations/{small.id}")  # warm up anything loaded once per process
    with count_queries() as small_count:
        small_page = officer_client.get(f"/organisations/{small.id}")
    with count_queries() as large_count:
        large_page = officer_client.get(f"/organisations/{large.id}")
    assert len(page(small_page).select("#people tbody tr")) == 2
    assert len(page(large_page).select("#people tbody tr")) == 40
    assert len(page(large_page).select("#timeline .moj-timeline__item")) == 20
    assert small_count.count == large_count.count, large_count.statements
    assert large_count.count <= 11
    print(f"organisation page: {large_count.count} queries")


@pytest.fixture(params=["few", "many"])
def action_walk(request, monkeypatch):
    """Both ways the page finds the soonest outstanding actions: by reading the organisation's
    linked actions ("few"), and by walking all outstanding actions in due order ("many")."""
    if request.param == "many":
        monkeypatch.setattr(record, "MANY_ACTIONS", 1)
    return request.param


def test_the_ten_soonest_outstanding_actions_with_a_link_to_all_of_them(
    viewer_client, kestrel, officer, make_organisation, action_walk
):
    elsewhere = make_organisation("Elsewhere Ltd")
    for number in range(12):
        factories.ActionFactory(
            title=f"Due {number:02d}",
            owner_user=officer,
            organisations=[kestrel],
            due_on=date(2030, 1, 1) + timedelta(days=12 - number),
        )
    factories.ActionFactory(title="Undated", owner_organisation=kestrel, chaser=officer)
    factories.ActionFactory(
        title="Done early",
        owner_user=officer,
        organisations=[kestrel],
        due_on=date(2020, 1, 1),
        status=ActionStatus.DONE,
    )
    factories.ActionFactory(
        title="Secret early",
        owner_user=officer,
        organisations=[kestrel],
        due_on=date(2020, 1, 1),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
    )
    factories.ActionFactory(
        title="Not theirs", owner_user=officer, organisations=[elsewhere], due_on=date(2020, 1, 1)
    )
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    shown = [a.get_text(strip=True) for a in page(response).select("#owed-by-us tbody a")]
    assert shown == [f"Due {number:02d}" for number in range(11, 1, -1)]
    assert page(response).select_one("#owed-by-partners") is None
    more = page(response).select_one("#more-actions")
    assert more.select_one("a")["href"] == f"/actions/?organisation={kestrel.id}"
    link_text = " ".join(more.select_one("a").get_text(" ").split())
    if action_walk == "few":
        assert link_text == "View all 13 outstanding actions for Kestrel Chat"
    else:  # too many to count: the actions list has the number
        assert link_text == "View all outstanding actions for Kestrel Chat"
    assert "The 10 due soonest" in text_of(response, "#more-actions")


def test_undated_actions_come_after_dated_ones_and_no_link_when_all_are_shown(
    viewer_client, kestrel, officer, action_walk
):
    factories.ActionFactory(title="Undated", owner_organisation=kestrel, chaser=officer)
    factories.ActionFactory(
        title="Dated", owner_user=officer, organisations=[kestrel], due_on=date(2031, 5, 1)
    )
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    assert [a.get_text(strip=True) for a in page(response).select("#owed-by-us tbody a")] == ["Dated"]
    assert [a.get_text(strip=True) for a in page(response).select("#owed-by-partners tbody a")] == ["Undated"]
    assert page(response).select_one("#more-actions") is None


@pytest.mark.parametrize("count", ["exact", "capped"])
def test_a_long_timeline_is_not_counted_beyond_a_limit(
    viewer_client, kestrel, make_organisation, monkeypatch, count
):
    monkeypatch.setattr(record, "TIMELINE_LENGTH", 3)
    monkeypatch.setattr(record, "ENGAGEMENTS_COUNTED", 4 if count == "capped" else 10)
    other = make_organisation("Other Org")
    for number in range(6):
        factories.EngagementFactory(
            title=f"Call {number}", organisations=[kestrel], starts_at=days_ago(number + 1)
        )
    factories.EngagementFactory(title="Newest elsewhere", organisations=[other], starts_at=days_ago(0))
    factories.EngagementFactory(
        title="Secret",
        organisations=[kestrel],
        starts_at=days_ago(0),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
    )
    response = viewer_client.get(f"/organisations/{kestrel.id}")
    titles = [a.get_text(strip=True) for a in page(response).select("#timeline .moj-timeline__title a")]
    assert titles == ["Call 0", "Call 1", "Call 2"]
    summary = " ".join(text_of(response, "#timeline-heading + p").split())
    if count == "capped":
        assert "The latest 3 of more than 4 contacts, newest first." in summary
    else:
        assert "The latest 3 of 6 contacts, newest first." in summary


def test_the_page_costs_at_most_twelve_statements_however_it_finds_its_rows(
    officer_client, officer, admin_client, make_organisation, count_queries, monkeypatch
):
    org = make_organisation("Busy Org")
    _history(org, officer, 12)
    officer_client.get(f"/organisations/{org.id}")  # warm up
    with count_queries() as few:
        officer_client.get(f"/organisations/{org.id}")
    monkeypatch.setattr(record, "MANY_ACTIONS", 2)
    monkeypatch.setattr(record, "ENGAGEMENTS_COUNTED", 2)
    with count_queries() as many:
        response = officer_client.get(f"/organisations/{org.id}")
    assert len(page(response).select("#timeline .moj-timeline__item")) == 12
    assert few.count == many.count, many.statements
    # An archived organisation also says what it was merged into.
    survivor = make_organisation("Busy Org Survivor")
    choose = admin_client.post(
        f"/organisations/{org.id}/merge", data={"other_id": str(survivor.id), "keep": "other"}
    )
    confirm = page(choose).select_one("form#organisation-form")
    admin_client.post(
        confirm["action"],
        data={field["name"]: field.get("value", "") for field in confirm.select("input[type=hidden]")},
    )
    with count_queries() as merged:
        response = officer_client.get(f"/organisations/{org.id}")
    assert "merged into Busy Org Survivor" in " ".join(text_of(response, "#archived").split())
    # The bench counts the BEGIN SQLite emits too (not seen here, inside the test's transaction).
    assert merged.count <= 11, merged.statements
    print(f"organisation page: {few.count} queries; merged: {merged.count}")
