"""/calendar/<token>.ics: a user's due dates and meetings, parsed back with icalendar."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from crm.extensions import db
from crm.models import ActionStatus, Classification, User
from crm.services import calendar_feed
from tests import factories
from tests.integration.actions.helpers import days


def _issue(user: User) -> str:
    token = calendar_feed.issue_token(user)
    db.session.commit()
    return token


def _events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.data)
    return {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}


@pytest.fixture
def people(app):
    team = factories.TeamFactory()
    me = factories.UserFactory(name="Feed Owner", team=team)
    other = factories.UserFactory(name="Someone Else", team=factories.TeamFactory())
    return me, other, team


def test_feed_holds_my_due_dates_and_upcoming_meetings(client, people):
    me, other, team = people
    partner = factories.OrganisationFactory(name="Kestrel Social")
    factories.ActionFactory(title="Send the minutes", owner_user=me, due_on=days(3))
    factories.ActionFactory(
        title="Share the hash list", owner_organisation=partner, chaser=me, due_on=days(-2)
    )
    factories.ActionFactory(title="No date yet", owner_user=me)
    factories.ActionFactory(title="Already done", owner_user=me, due_on=days(1), status=ActionStatus.DONE)
    factories.ActionFactory(title="Not mine", owner_user=other, due_on=days(1))
    factories.ActionFactory(
        title="Other team's secret",
        owner_user=me,
        due_on=days(2),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=other.team,
    )
    factories.ActionFactory(
        title="Our team's secret",
        owner_user=me,
        due_on=days(4),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
    )
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    factories.EngagementFactory(
        title="Quarterly review",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        officers=[me],
        organisations=[partner],
    )
    factories.EngagementFactory(title="Last week's call", starts_at=starts - timedelta(days=9), officers=[me])
    factories.EngagementFactory(title="Not my meeting", starts_at=starts, officers=[other])

    response = client.get(f"/calendar/{_issue(me)}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "Set-Cookie" not in response.headers
    events = _events(response)
    assert set(events) == {
        "Action due: Send the minutes",
        "Chase Kestrel Social: Share the hash list",
        "Action due (OFFICIAL-SENSITIVE)",
        "Meeting: Quarterly review",
    }
    minutes = events["Action due: Send the minutes"]
    assert minutes.decoded("DTSTART") == days(3)
    assert type(minutes.decoded("DTSTART")) is date  # all day
    assert minutes.decoded("DTEND") == days(4)
    assert str(minutes["URL"]).endswith("/actions/") is False and "/actions/" in str(minutes["URL"])
    secret = events["Action due (OFFICIAL-SENSITIVE)"]
    assert "secret" not in response.get_data(as_text=True).lower()
    assert secret.decoded("DTSTART") == days(4)
    meeting = events["Meeting: Quarterly review"]
    assert meeting.decoded("DTSTART") == starts
    assert meeting.decoded("DTEND") == starts + timedelta(hours=2)
    assert "Kestrel Social" in str(meeting["DESCRIPTION"])
    # Every event has the properties RFC 5545 requires.
    for event in events.values():
        assert event.get("UID") and event.get("DTSTAMP")


def test_unknown_and_revoked_tokens_answer_the_same_404(client, people):
    me, _, _ = people
    token = _issue(me)
    unknown = client.get("/calendar/" + "x" * 43 + ".ics")
    calendar_feed.revoke_token(db.session.get(User, me.id))
    db.session.commit()
    revoked = client.get(f"/calendar/{token}.ics")
    assert unknown.status_code == revoked.status_code == 404

    def without_nonce(response) -> str:
        return re.sub(r'nonce="[^"]*"', "", response.get_data(as_text=True))

    assert without_nonce(unknown) == without_nonce(revoked)
    assert client.get("/calendar/.ics").status_code == 404
    assert client.get("/calendar/" + "y" * 500 + ".ics").status_code == 404


def test_a_leavers_feed_stops(client, people):
    me, _, _ = people
    token = _issue(me)
    me.active = False  # not yet used by a request, so still in the session
    db.session.commit()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_titles_are_plain_text_in_the_feed(client, people):
    me, _, _ = people
    factories.ActionFactory(title="<b>Bold</b>; DTSTART:19700101", owner_user=me, due_on=days(1))
    events = _events(client.get(f"/calendar/{_issue(me)}.ics"))
    assert list(events) == ["Action due: <b>Bold</b>; DTSTART:19700101"]
    assert next(iter(events.values())).decoded("DTSTART") == days(1)
