"""Hand-edited URLs and forged forms get clear answers, never a 500."""

from __future__ import annotations

import pytest

from crm.models import ActionStatus
from tests import factories
from tests.html import error_summary, page, text_of


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=99999999999999",
        "owner=user:99999999999",
        "owner=user:",
        "owner=org:abc",
        "owner=user:424242",
        "owner=org:424242",
        "organisation=424242",
        "ask=424242",
        "engagement=424242",
        "status=open&status=open&status=bogus",
        "sector=%00",
        "due=" + "x" * 5000,
        "sort=due;DROP TABLE actions",
    ],
)
def test_odd_queries_answer_with_the_page(officer_client, query):
    response = officer_client.get(f"/actions/?{query}")
    assert response.status_code == 200
    assert text_of(response, "h1")


def test_unknown_named_filters_are_shown_as_unknown(officer_client):
    response = officer_client.get("/actions/?owner=user:424242&organisation=424242")
    selected = text_of(response, ".moj-filter__selected")
    assert "Unknown officer" in selected and "Unknown organisation" in selected


def test_forged_bulk_forms_are_handled(officer, officer_client):
    action = factories.ActionFactory(owner_user=officer)
    response = officer_client.post("/actions/bulk", data={"action_id": ["abc", "-1"], "status": "blocked"})
    assert error_summary(response) == ["Select at least one action to update"]
    # A ticked row without its version is treated as changed meanwhile: reported, not changed.
    response = officer_client.post(
        "/actions/bulk", data={"action_id": [str(action.id)], "status": "blocked"}, follow_redirects=True
    )
    banners = " ".join(b.get_text(" ") for b in page(response).select(".govuk-notification-banner"))
    assert "1 action was not updated" in banners
    response = officer_client.post(
        "/actions/bulk",
        data={"action_id": [str(action.id)], f"version-{action.id}": "1", "status": "finished"},
    )
    assert error_summary(response) == ["Select a status from the list"]
    response = officer_client.post(
        "/actions/bulk",
        data={"action_id": [str(action.id)], f"version-{action.id}": "1", "owner_id": "424242"},
    )
    assert error_summary(response) == ["Select an officer from the list"]


def test_forged_action_forms_are_handled(officer, officer_client):
    response = officer_client.post(
        "/actions/new",
        data={
            "title": "x" * 201,
            "owed_by": "them",
            "owner_user_id": "424242",
            "priority": "medium",
            "classification": "secret",
            "organisation_ids": ["424242"],
            "ask_id": "abc",
        },
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "What needs to be done must be 200 characters or fewer",
        "Select who owes this action",
        "Select an officer from the list",
        "Select an ask from the list",
        "Select an organisation from the list",
        "Select a classification",
    ]


def test_actions_on_closed_or_open_records_say_why(officer, officer_client):
    done = factories.ActionFactory(owner_user=officer, status=ActionStatus.DONE)
    response = officer_client.post(f"/actions/{done.id}/complete", data={"note": "x", "version": "1"})
    assert error_summary(response) == ["This action is already closed: reopen it first"]
    open_action = factories.ActionFactory(owner_user=officer)
    response = officer_client.post(
        f"/actions/{open_action.id}/reopen", data={"version": "1"}, follow_redirects=True
    )
    assert "This action is already open" in text_of(response, ".govuk-notification-banner")
