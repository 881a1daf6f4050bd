"""An OFFICIAL-SENSITIVE contact and its action never show to a user outside its team: not in any
list, search, export, count, report or feed. A canary word in every text field proves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Classification, Sector, User
from tests import factories

CANARY = "zebracanary"


@pytest.fixture
def sensitive_records():
    team = factories.TeamFactory(name="Covert Liaison")
    organisation = factories.OrganisationFactory(name="Kestrel Social", sector=Sector.TECHNOLOGY)
    engagement = factories.EngagementFactory(
        title=f"Meeting about {CANARY}",
        summary=f"Minutes mentioning {CANARY}",
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
        organisations=[organisation],
        asks=factories.five_asks()[:1],
        starts_at=datetime.now(UTC) - timedelta(days=2),
    )
    upcoming = factories.EngagementFactory(
        title=f"Upcoming {CANARY}",
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
        organisations=[organisation],
        starts_at=datetime.now(UTC) + timedelta(days=2),
    )
    return {"team": team, "organisation": organisation, "engagement": engagement, "upcoming": upcoming}


def _pages(records, officer_id: int) -> list[str]:
    organisation = records["organisation"].id
    return [
        "/",
        "/engagements/",
        f"/engagements/?organisation={organisation}",
        "/engagements/export.csv",
        f"/organisations/{organisation}",
        "/organisations/",
        "/actions/?owner=anyone",
        "/actions/?owner=anyone&due=overdue",
        f"/scorecard/{organisation}/{factories.five_asks()[0].id}",
        "/scorecard/coverage",
        "/reports/",
        "/reports/engagements-by-sector",
        "/reports/engagements-by-sector.csv",
        "/reports/overdue-actions",
        "/reports/actions-opened-closed",
        "/reports/quiet-relationships",
        # Searched by the start of the word, so the page's echo of the query is not the canary itself.
        "/search?q=zebra",
        "/people/?q=zebra",
        "/organisations/?q=zebra",
    ]


def test_an_outsider_never_sees_the_sensitive_contact_or_its_action(
    app, officer, officer_client, sensitive_records
):
    team_member = factories.UserFactory(team=sensitive_records["team"])
    factories.ActionFactory(
        title=f"Follow up {CANARY}",
        description=CANARY,
        owner_user=team_member,
        chaser=None,
        engagement=sensitive_records["engagement"],
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=sensitive_records["team"],
        due_on=(datetime.now(UTC) - timedelta(days=3)).date(),
    )
    for url in _pages(sensitive_records, officer.id):
        response = officer_client.get(url)
        assert response.status_code in (200, 302), f"{url} answered {response.status_code}"
        assert CANARY not in response.get_data(as_text=True), f"{url} shows the sensitive record"

    engagement_id = sensitive_records["engagement"].id
    assert officer_client.get(f"/engagements/{engagement_id}").status_code == 404
    assert officer_client.get(f"/history/engagement/{engagement_id}").status_code == 404

    # The team member does see it, so the pages above were able to show it.
    member_client = app.test_client()
    from tests.conftest import sign_in

    sign_in(member_client, db.session.scalar(select(User).where(User.id == team_member.id)))
    assert CANARY in member_client.get("/engagements/").get_data(as_text=True)
    assert CANARY in member_client.get("/actions/?owner=anyone").get_data(as_text=True)


def test_the_calendar_feed_of_an_outsider_leaves_it_out(officer_client, officer, sensitive_records):
    # Even named as an officer at the sensitive meeting, an outsider's feed leaves it out.
    from crm.models import Engagement

    db.session.get(Engagement, sensitive_records["upcoming"].id).officers.append(
        db.session.get(User, officer.id)
    )
    db.session.commit()
    officer_client.post("/account/calendar-feed", data={})
    token = db.session.get(User, officer.id).calendar_token
    assert token
    feed = officer_client.get(f"/calendar/{token}.ics")
    assert CANARY not in feed.get_data(as_text=True)
