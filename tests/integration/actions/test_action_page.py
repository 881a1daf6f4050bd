"""/actions/<id>: what, why, who, history from the audit trail, updates, complete and reopen."""

from __future__ import annotations

from sqlalchemy import select

from crm.extensions import db
from crm.models import Action, ActionStatus, ActionUpdate, Classification, Setting
from tests import factories
from tests.conftest import sign_in
from tests.html import error_summary, page, text_of
from tests.integration.actions.helpers import days


def _summary(response) -> dict[str, str]:
    soup = page(response)
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text(" ").split()
        )
        for row in soup.select("#action-summary .govuk-summary-list__row")
    }


def _fresh(action_id: int) -> Action:
    db.session.expire_all()
    return db.session.scalars(select(Action).where(Action.id == action_id)).one()


def test_shows_what_why_who_and_where(officer, officer_client):
    kestrel = factories.OrganisationFactory(name="Kestrel Social")
    beacon = factories.OrganisationFactory(name="Beacon Trust")
    person = factories.PersonFactory(name="Pat Contact", organisation=beacon)
    engagement = factories.EngagementFactory(title="Quarterly review")
    ask = factories.five_asks()[1]
    action = factories.ActionFactory(
        title="Share the grooming classifier results",
        description="Line one\nLine two",
        owner_organisation=beacon,
        owner_person=person,
        chaser=officer,
        organisations=[kestrel, beacon],
        engagement=engagement,
        ask=ask,
        due_on=days(-2),
    )
    db.session.expire_all()  # read it back as a new request would, not from the factory's objects
    response = officer_client.get(f"/actions/{action.id}")
    assert text_of(response, "h1") == "Share the grooming classifier results"
    assert "Overdue by 2 days" in text_of(response, "#badges")
    summary = _summary(response)
    assert summary["What"] == "Line one Line two"
    assert summary["Why"].startswith("Raised at Quarterly review")
    assert page(response).select_one("#engagement-link")["href"] == f"/engagements/{engagement.id}"
    assert summary["Who owes it"] == "Beacon Trust (Pat Contact)"
    assert summary["Chased by"] == officer.name
    assert summary["Organisations"] == "Beacon Trust Kestrel Social"
    assert summary["Ask"] == ask.title


def test_another_teams_sensitive_action_is_not_found(officer, officer_client):
    team = factories.TeamFactory()
    hidden = factories.ActionFactory(
        owner_user=officer, classification=Classification.OFFICIAL_SENSITIVE, access_team=team
    )
    for url in (f"/actions/{hidden.id}", f"/actions/{hidden.id}/edit", "/actions/999999"):
        response = officer_client.get(url)
        assert response.status_code == 404
        assert text_of(response, "h1") == "Page not found"
    response = officer_client.post(f"/actions/{hidden.id}/complete", data={"version": "1"})
    assert response.status_code == 404


def test_complete_with_a_note_then_reopen_and_the_history_shows_both(officer, officer_client, today):
    action = factories.ActionFactory(owner_user=officer, title="Draft the terms of reference")
    response = officer_client.post(
        f"/actions/{action.id}/complete",
        data={"note": "Agreed at the working group", "version": action.version},
    )
    assert response.status_code == 302
    done = _fresh(action.id)
    assert (done.status, done.completed_on, done.completion_note) == (
        ActionStatus.DONE,
        today,
        "Agreed at the working group",
    )
    page_after = officer_client.get(f"/actions/{action.id}")
    assert _summary(page_after)["Completion note"] == "Agreed at the working group"
    assert page(page_after).select_one("#reopen") is not None

    response = officer_client.post(f"/actions/{action.id}/reopen", data={"version": done.version})
    assert response.status_code == 302
    reopened = _fresh(action.id)
    assert (reopened.status, reopened.completed_on) == (ActionStatus.OPEN, None)

    history = page(officer_client.get(f"/actions/{action.id}")).select("#status-history .moj-timeline__item")
    titles = [item.select_one(".moj-timeline__title").get_text(strip=True) for item in history]
    assert titles == ["Done to open", "Open to done", "Created as open"]
    bylines = [item.select_one(".moj-timeline__byline").get_text(strip=True) for item in history]
    assert bylines[:2] == [f"by {officer.name}", f"by {officer.name}"]


def test_completion_note_is_required_when_the_team_says_so(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer)
    # Without the setting, no note is fine.
    other = factories.ActionFactory(owner_user=officer)
    officer_client.post(f"/actions/{other.id}/complete", data={"note": "", "version": other.version})
    assert _fresh(other.id).status == ActionStatus.DONE

    db.session.add(Setting(key="actions.completion-note-required", value="1"))
    db.session.commit()
    response = officer_client.post(
        f"/actions/{action.id}/complete", data={"note": "  ", "version": action.version}
    )
    assert response.status_code == 200
    assert error_summary(response) == ["Enter a completion note: what was done, and where the result is"]
    assert _fresh(action.id).status == ActionStatus.OPEN


def test_status_change_and_stale_version_conflict(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer)
    opened_version = action.version
    response = officer_client.post(
        f"/actions/{action.id}/status", data={"status": "blocked", "version": opened_version}
    )
    assert response.status_code == 302
    assert _fresh(action.id).status == ActionStatus.BLOCKED
    # A second officer still looking at the old page tries to complete it.
    response = officer_client.post(
        f"/actions/{action.id}/complete", data={"note": "done", "version": opened_version}
    )
    assert response.status_code == 200
    assert "Someone else changed this action" in text_of(response, "#edit-conflict")
    assert _fresh(action.id).status == ActionStatus.BLOCKED
    # The status form cannot mark it done (done needs the completion form).
    response = officer_client.post(f"/actions/{action.id}/status", data={"status": "done", "version": "2"})
    assert error_summary(response) == [
        "Select open, in progress, blocked or cancelled (to mark it done, complete it)"
    ]
    assert _fresh(action.id).status == ActionStatus.BLOCKED


def test_updates_are_added_and_listed(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer)
    response = officer_client.post(f"/actions/{action.id}/updates", data={"body": "Chased by email"})
    assert response.status_code == 302
    listed = officer_client.get(f"/actions/{action.id}")
    assert "Chased by email" in text_of(listed, "#update-list")
    assert officer.name in text_of(listed, "#update-list")
    empty = officer_client.post(f"/actions/{action.id}/updates", data={"body": "   "})
    assert error_summary(empty) == ["Enter your update"]
    assert db.session.scalar(select(db.func.count(ActionUpdate.id))) == 1


def test_viewers_read_but_cannot_write(app, viewer, officer):
    action = factories.ActionFactory(owner_user=officer)
    client = sign_in(app.test_client(), viewer)
    response = client.get(f"/actions/{action.id}")
    assert response.status_code == 200
    assert page(response).select("form[method=post]") == [
        form for form in page(response).select("form[method=post]") if "logout" in (form.get("action") or "")
    ]
    for url, data in (
        (f"/actions/{action.id}/complete", {"note": "x", "version": "1"}),
        (f"/actions/{action.id}/reopen", {"version": "1"}),
        (f"/actions/{action.id}/status", {"status": "blocked", "version": "1"}),
        (f"/actions/{action.id}/updates", {"body": "x"}),
        (f"/actions/{action.id}/edit", {"title": "x"}),
        ("/actions/new", {"title": "x"}),
    ):
        assert client.post(url, data=data).status_code == 403, url
    assert client.get("/actions/new").status_code == 403
    assert _fresh(action.id).status == ActionStatus.OPEN


def test_user_text_is_escaped_on_the_page(officer, officer_client):
    payload = "<img src=x onerror=alert(1)>"
    action = factories.ActionFactory(owner_user=officer, title=payload, description=payload)
    officer_client.post(f"/actions/{action.id}/updates", data={"body": payload})
    body = officer_client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_a_sensitive_engagement_behind_an_official_action_stays_hidden(officer, officer_client):
    team = factories.TeamFactory()
    engagement = factories.EngagementFactory(
        title="Covert briefing", classification=Classification.OFFICIAL_SENSITIVE, access_team=team
    )
    action = factories.ActionFactory(owner_user=officer, engagement=engagement)
    response = officer_client.get(f"/actions/{action.id}")
    assert _summary(response)["Why"] == "Raised at a contact you do not have access to"
    assert "Covert briefing" not in response.get_data(as_text=True)
    filtered = officer_client.get(f"/actions/?engagement={engagement.id}")
    assert "Covert briefing" not in filtered.get_data(as_text=True)
    assert "Engagement not found" in text_of(filtered, ".moj-filter__selected")


def test_the_page_has_no_duplicate_ids(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer)
    officer_client.post(f"/actions/{action.id}/updates", data={"body": "first"})
    for url in (f"/actions/{action.id}", "/actions/", "/actions/new", f"/actions/{action.id}/edit"):
        ids = [element["id"] for element in page(officer_client.get(url)).select("[id]")]
        assert len(ids) == len(set(ids)), (url, sorted(i for i in ids if ids.count(i) > 1))


def test_reading_a_sensitive_action_is_audited(app, officer_client, officer):
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import AuditEvent, Classification, User
    from tests import factories

    team = factories.TeamFactory()
    db.session.get(User, officer.id).team_id = team.id
    db.session.commit()
    action = factories.ActionFactory(
        owner_user=db.session.get(User, officer.id),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
    )
    assert officer_client.get(f"/actions/{action.id}").status_code == 200
    reads = db.session.scalars(
        select(AuditEvent).where(AuditEvent.event == "read", AuditEvent.entity_id == action.id)
    ).all()
    assert len(reads) == 1 and reads[0].actor_id == officer.id
