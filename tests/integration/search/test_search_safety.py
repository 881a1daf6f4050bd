"""Search never shows what a user may not see, and shows hostile text as text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crm.models import Classification
from tests import factories
from tests.conftest import sign_in
from tests.html import page
from tests.integration.search.conftest import group, group_count, result_titles

ORG_PAYLOAD = '<script>alert("org")</script> Kestrel'
SUMMARY_PAYLOAD = 'Kestrel said <img src=x onerror="alert(1)"> and </span><script>alert(2)</script>'


def _scripts_with_alert(response) -> list[str]:
    return [str(tag) for tag in page(response).find_all("script") if "alert" in tag.get_text()]


def test_markup_in_a_name_and_a_summary_renders_inert_with_the_match_marked(officer_client):
    factories.OrganisationFactory(name=ORG_PAYLOAD)
    factories.EngagementFactory(title="Kestrel debrief", summary=SUMMARY_PAYLOAD)
    response = officer_client.get("/search?q=kestrel")
    html = response.get_data(as_text=True)

    assert _scripts_with_alert(response) == []
    assert page(response).find("img", attrs={"onerror": True}) is None
    assert "&lt;script&gt;alert(&#34;org&#34;)&lt;/script&gt; <mark>Kestrel</mark>" in html
    # The text reads as typed, and the match is marked.
    organisation = group(response, "organisations").select_one("li a")
    assert " ".join(organisation.get_text().split()) == ORG_PAYLOAD
    assert [mark.get_text() for mark in organisation.select("mark")] == ["Kestrel"]
    summary = group(response, "engagements").select("li span")[-1]
    assert summary.get_text() == SUMMARY_PAYLOAD
    assert [mark.get_text() for mark in summary.select("mark")] == ["Kestrel"]


def test_a_search_for_markup_is_echoed_as_text(officer_client):
    factories.EngagementFactory(title="About <script>alert(3)</script> tags")
    response = officer_client.get("/search?q=%3Cscript%3Ealert(3)")
    assert _scripts_with_alert(response) == []
    title = group(response, "engagements").select_one("li a")
    assert [mark.get_text() for mark in title.select("mark")] == ["<script>alert(3"]
    assert page(response).select_one("#q")["value"] == "<script>alert(3)"


@pytest.fixture
def secret_team():
    return factories.TeamFactory(name="Covert Liaison")


@pytest.fixture
def sensitive(officer, secret_team):
    engagement = factories.EngagementFactory(
        title="Kestrel covert briefing",
        summary="Kestrel undercover notes",
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=secret_team,
    )
    action = factories.ActionFactory(
        title="Kestrel covert follow-up",
        owner_user=officer,
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=secret_team,
    )
    factories.EngagementFactory(title="Kestrel open meeting")
    factories.ActionFactory(title="Kestrel open action", owner_user=officer)
    return {"engagement": engagement, "action": action}


def test_another_teams_sensitive_records_are_neither_shown_nor_counted(officer_client, sensitive):
    response = officer_client.get("/search?q=kestrel")
    assert result_titles(response, "engagements") == ["Kestrel open meeting"]
    assert group_count(response, "engagements") == 1
    assert result_titles(response, "actions") == ["Kestrel open action"]
    assert group_count(response, "actions") == 1
    assert "covert" not in response.get_data(as_text=True).lower()
    # Searching for the sensitive words alone finds nothing at all.
    response = officer_client.get("/search?q=covert")
    assert page(response).select_one("#no-results") is not None


def test_the_team_and_admins_find_the_sensitive_records(app, admin_client, secret_team, sensitive):
    member = factories.UserFactory(team=secret_team)
    member_client = sign_in(app.test_client(), member)
    for client in (member_client, admin_client):
        response = client.get("/search?q=covert")
        assert result_titles(response, "engagements") == ["Kestrel covert briefing"]
        assert result_titles(response, "actions") == ["Kestrel covert follow-up"]
        assert "OFFICIAL-SENSITIVE" in group(response, "engagements").get_text()


def test_erased_people_are_left_out(officer_client):
    erased = factories.PersonFactory(name="Kestrel Former", erased_at=datetime.now(UTC))
    factories.PersonFactory(name="Kestrel Current")
    response = officer_client.get("/search?q=kestrel")
    assert result_titles(response, "people") == ["Kestrel Current"]
    assert group_count(response, "people") == 1
    assert f"/people/{erased.id}" not in response.get_data(as_text=True)


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get("/search?q=kestrel")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
