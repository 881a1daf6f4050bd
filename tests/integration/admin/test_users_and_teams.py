"""Admins invite users, change roles and teams, deactivate leavers and manage teams."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, Role, Team, User
from crm.services.users import get_user_by_email
from tests import factories
from tests.html import error_summary, page, text_of


@pytest.mark.parametrize("url", ["/admin/users", "/admin/users/new", "/admin/teams", "/admin/audit"])
def test_only_admins_reach_administration(officer_client, lead_client, viewer_client, admin_client, url):
    for client in (officer_client, lead_client, viewer_client):
        assert client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_the_admin_link_shows_for_admins_only(officer_client, admin_client):
    assert "Admin" not in [a.get_text(strip=True) for a in page(officer_client.get("/")).select("nav a")]
    assert "Admin" in [a.get_text(strip=True) for a in page(admin_client.get("/")).select("nav a")]


def test_inviting_a_user_gives_a_single_use_set_password_link(admin_client, client):
    team = factories.TeamFactory(name="Online Harms Partnerships")
    response = admin_client.post(
        "/admin/users/new",
        data={
            "name": "Asha Patel",
            "email": "Asha.Patel@test.example.org",
            "role": "lead",
            "team_id": str(team.id),
        },
    )
    assert response.status_code == 200
    link = text_of(response, "#set-password-link")
    user = get_user_by_email("asha.patel@test.example.org")
    assert user.role == Role.LEAD and user.team_id == team.id

    path = link.split("localhost", 1)[1]
    assert client.get(path).status_code == 200
    weak = client.post(path, data={"password": "short", "confirm": "short"})
    assert error_summary(weak) == ["Password must be 12 characters or more"]
    mismatch = client.post(path, data={"password": "a long new passphrase", "confirm": "something else"})
    assert error_summary(mismatch) == ["The passwords do not match"]
    done = client.post(path, data={"password": "a long new passphrase", "confirm": "a long new passphrase"})
    assert done.headers["Location"] == "/login"
    assert (
        client.post("/login", data={"email": user.email, "password": "a long new passphrase"}).status_code
        == 302
    )
    # The link works once only.
    again = client.get(path)
    assert again.status_code == 404
    assert text_of(again, "h1") == "This link has expired"


def test_a_forged_set_password_link_is_refused(client):
    assert client.get("/set-password/not-a-real-token").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "x@test.example.org", "role": "officer"}, "Enter the person's full name"),
        (
            {"name": "X", "email": "not-an-email", "role": "officer"},
            "Enter an email address in the correct format",
        ),
        ({"name": "X", "email": "x@test.example.org", "role": "superuser"}, "Not a valid choice"),
        (
            {"name": "X" * 121, "email": "x@test.example.org", "role": "officer"},
            "Name must be 120 characters or fewer",
        ),
    ],
)
def test_bad_invitations_are_refused_and_nothing_is_created(admin_client, data, message):
    response = admin_client.post("/admin/users/new", data={"team_id": "", **data})
    assert any(message in error for error in error_summary(response))
    assert get_user_by_email("x@test.example.org") is None


def test_inviting_an_existing_email_is_refused(admin_client, officer):
    response = admin_client.post(
        "/admin/users/new", data={"name": "Dup", "email": officer.email, "role": "officer", "team_id": ""}
    )
    assert error_summary(response) == [f"A user with the email {officer.email} already exists"]


def test_deactivating_a_leaver_ends_their_sessions(admin_client, officer_client, officer):
    response = admin_client.post(
        f"/admin/users/{officer.id}",
        data={"name": officer.name, "role": "officer", "team_id": "", "version": officer.version},
    )
    assert response.status_code == 302
    assert db.session.get(User, officer.id).active is False
    assert officer_client.get("/").status_code == 302
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == officer.id, AuditEvent.event == "update")
    ).all()[-1]
    assert event.changes["active"] == [True, False]


def test_changing_a_role_with_a_stale_form_shows_the_conflict(admin_client, officer):
    stale_version = officer.version
    officer.name = "Renamed Meanwhile"
    db.session.commit()
    response = admin_client.post(
        f"/admin/users/{officer.id}",
        data={"name": "My Name", "role": "lead", "team_id": "", "active": "y", "version": stale_version},
    )
    assert "Someone else changed this user" in text_of(response, "#edit-conflict")
    saved = db.session.get(User, officer.id)
    assert saved.role == Role.OFFICER and saved.name == "Renamed Meanwhile"


def test_teams_are_created_and_names_stay_unique(admin_client):
    assert admin_client.post("/admin/teams/new", data={"name": "Law Enforcement Liaison"}).status_code == 302
    duplicate = admin_client.post("/admin/teams/new", data={"name": "law enforcement liaison"})
    assert error_summary(duplicate) == ["A team with this name already exists"]
    assert len(db.session.scalars(select(Team)).all()) == 1
    listing = admin_client.get("/admin/teams")
    assert "Law Enforcement Liaison" in text_of(listing, "#teams")
