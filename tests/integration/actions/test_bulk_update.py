"""Bulk update on the review: several rows in one transaction, with per-row optimistic locking.

Chosen behaviour: rows changed by someone else since the page was opened are reported and left
unchanged while the other ticked rows change; a ticked row the user may not read refuses the whole
batch (nothing changes).
"""

from __future__ import annotations

from sqlalchemy import select

from crm.extensions import db
from crm.models import Action, ActionStatus, AuditEvent, Classification, Role, Setting
from tests import factories
from tests.conftest import sign_in
from tests.html import error_summary, page, text_of
from tests.integration.actions.helpers import days


def _fresh(action: Action) -> Action:
    db.session.expire_all()
    return db.session.scalars(select(Action).where(Action.id == action.id)).one()


def _post(client, actions, query="", **changes):
    data = {"action_id": [str(a.id) for a in actions]}
    for action in actions:
        data[f"version-{action.id}"] = str(action.version)
    data.update(changes)
    return client.post(f"/actions/bulk{query}", data=data)


def _banners(response) -> list[str]:
    return [" ".join(b.get_text(" ").split()) for b in page(response).select(".govuk-notification-banner")]


def test_changes_status_and_due_date_of_ticked_rows_in_one_submit(officer, officer_client):
    one = factories.ActionFactory(owner_user=officer, title="One")
    two = factories.ActionFactory(owner_user=officer, title="Two")
    untouched = factories.ActionFactory(owner_user=officer, title="Untouched")
    response = _post(
        officer_client,
        [one, two],
        query="?due=later",
        status="in-progress",
        **{"due_on": ["3", "4", "2031"]},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/actions/?due=later"
    for action in (one, two):
        fresh = _fresh(action)
        assert fresh.status == ActionStatus.IN_PROGRESS
        assert fresh.due_on.isoformat() == "2031-04-03"
    assert _fresh(untouched).status == ActionStatus.OPEN
    followed = officer_client.get("/actions/")
    assert "2 actions updated" in _banners(followed)[0]


def test_bulk_done_sets_completion_date_and_is_audited(officer, officer_client, today):
    action = factories.ActionFactory(owner_user=officer)
    _post(officer_client, [action], status="done")
    fresh = _fresh(action)
    assert fresh.status == ActionStatus.DONE and fresh.completed_on == today
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "Action", AuditEvent.entity_id == action.id)
    ).all()
    assert events[-1].changes["status"] == ["open", "done"]


def test_no_rows_ticked_is_a_clear_error(officer, officer_client):
    factories.ActionFactory(owner_user=officer)
    response = officer_client.post("/actions/bulk", data={"status": "blocked"})
    assert response.status_code == 200
    assert error_summary(response) == ["Select at least one action to update"]
    assert page(response).title.get_text().startswith("Error:")
    assert page(response).select_one("#action_id.govuk-form-group--error") is not None


def test_nothing_chosen_to_change_is_a_clear_error(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer)
    response = _post(officer_client, [action])
    assert error_summary(response) == ["Choose a new status, officer or due date for the selected actions"]
    # The ticked row stays ticked.
    assert page(response).select_one(f"#select-{action.id}").has_attr("checked")


def test_an_invalid_due_date_is_a_field_error(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer)
    response = _post(officer_client, [action], due_on=["31", "2", "2030"])
    assert error_summary(response) == ["New due date must be a real date"]
    assert _fresh(action).due_on is None


def test_rows_changed_meanwhile_are_reported_and_left_alone(officer, officer_client):
    current = factories.ActionFactory(owner_user=officer, title="Current row")
    stale = factories.ActionFactory(owner_user=officer, title="Stale row")
    seen_version = stale.version
    # Someone else changes the stale row after the page was opened.
    stale.status = ActionStatus.BLOCKED
    db.session.commit()
    data = {
        "action_id": [str(current.id), str(stale.id)],
        f"version-{current.id}": str(current.version),
        f"version-{stale.id}": str(seen_version),
        "status": "cancelled",
    }
    response = officer_client.post("/actions/bulk", data=data, follow_redirects=True)
    banners = _banners(response)
    assert any("1 action updated" in b for b in banners)
    assert any(
        '1 action was not updated because someone changed it after you opened this page: "Stale row"' in b
        for b in banners
    )
    assert _fresh(current).status == ActionStatus.CANCELLED
    assert _fresh(stale).status == ActionStatus.BLOCKED


def test_a_row_outside_the_access_scope_refuses_the_whole_batch(officer, officer_client):
    other_team = factories.TeamFactory()
    mine = factories.ActionFactory(owner_user=officer, title="Mine")
    hidden = factories.ActionFactory(
        owner_user=officer,
        title="Hidden",
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=other_team,
    )
    mine_id, hidden_id = mine.id, hidden.id
    response = _post(officer_client, [mine, hidden], status="blocked")
    assert error_summary(response) == [
        "Some of the selected actions cannot be changed by you: they no longer exist or you do not have "
        "access to them. Nothing has been changed"
    ]
    assert db.session.get(Action, mine_id).status == ActionStatus.OPEN
    assert db.session.get(Action, hidden_id).status == ActionStatus.OPEN
    assert "Hidden" not in response.get_data(as_text=True)
    # An id that does not exist is refused the same way.
    response = officer_client.post(
        "/actions/bulk",
        data={"action_id": [str(mine_id), "999999"], f"version-{mine_id}": "1", "status": "blocked"},
    )
    assert error_summary(response)[0].startswith("Some of the selected actions cannot be changed by you")
    assert db.session.get(Action, mine_id).status == ActionStatus.OPEN


def test_viewers_cannot_bulk_update(app, viewer, officer):
    action = factories.ActionFactory(owner_user=officer)
    client = sign_in(app.test_client(), viewer)
    assert _post(client, [action], status="done").status_code == 403
    assert _fresh(action).status == ActionStatus.OPEN


def test_only_leads_reassign_in_bulk(app, officer, officer_client):
    lead = factories.UserFactory(role=Role.LEAD)
    mate = factories.UserFactory()
    ours = factories.ActionFactory(owner_user=officer, title="Ours")
    partner = factories.OrganisationFactory()
    theirs = factories.ActionFactory(owner_organisation=partner, chaser=officer, title="Theirs")
    # An officer sees no reassign control and is refused if they post one.
    assert page(officer_client.get("/actions/")).select("#owner_id") == []
    assert _post(officer_client, [ours], owner_id=str(mate.id)).status_code == 403
    assert _fresh(ours).owner_user_id == officer.id
    # A lead reassigns: the owner of what we owe, the chaser of what a partner owes.
    lead_client = sign_in(app.test_client(), lead)
    assert page(lead_client.get("/actions/?owner=anyone")).select("#owner_id")
    response = _post(lead_client, [ours, theirs], owner_id=str(mate.id))
    assert response.status_code == 302
    assert _fresh(ours).owner_user_id == mate.id
    fresh_theirs = _fresh(theirs)
    assert (fresh_theirs.owner_organisation_id, fresh_theirs.chaser_id) == (partner.id, mate.id)


def test_bulk_completion_is_refused_when_notes_are_required(officer, officer_client):
    db.session.add(Setting(key="actions.completion-note-required", value="1"))
    db.session.commit()
    action = factories.ActionFactory(owner_user=officer)
    response = _post(officer_client, [action], status="done")
    assert "requires a completion note" in error_summary(response)[0]
    assert _fresh(action).status == ActionStatus.OPEN


def test_a_past_due_date_in_bulk_is_allowed_with_a_warning(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer)
    past = days(-4)
    response = _post(officer_client, [action], due_on=[str(past.day), str(past.month), str(past.year)])
    assert _fresh(action).due_on == past
    banners = _banners(officer_client.get(response.headers["Location"]))
    assert any("is in the past: those actions now show as overdue" in banner for banner in banners)


def test_stale_data_at_commit_changes_nothing(monkeypatch, officer, officer_client):
    from sqlalchemy.orm.exc import StaleDataError

    from crm.services.actions import changes

    one = factories.ActionFactory(owner_user=officer)
    real = changes.bulk_update

    def racing(**kwargs):
        real(**kwargs)
        raise StaleDataError("someone saved first")

    monkeypatch.setattr(changes, "bulk_update", racing)
    response = _post(officer_client, [one], status="blocked")
    assert "Nothing has been changed" in error_summary(response)[0]
    assert _fresh(one).status == ActionStatus.OPEN
    assert text_of(response, "h1") == "Your outstanding actions"
