"""Command-line operations: creating users and loading demo data."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import (
    OUTSTANDING_STATUSES,
    Action,
    ActionStatus,
    Classification,
    Engagement,
    Organisation,
    Person,
    Role,
    Sector,
    User,
)
from crm.services.users import get_user_by_email
from crm.timezones import london_today
from tests import factories

DEMO_PASSWORD = "demo password for tests"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def cli(app, monkeypatch):
    monkeypatch.setenv("CRM_DEMO_PASSWORD", DEMO_PASSWORD)
    return app.test_cli_runner()


def test_users_create_reads_the_password_from_stdin(cli):
    result = cli.invoke(
        args=[
            "users",
            "create",
            "New.Officer@Test.example.org",
            "--name",
            "New Officer",
            "--role",
            "lead",
            "--password-stdin",
        ],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = get_user_by_email("new.officer@test.example.org")
    assert user is not None and user.role == Role.LEAD and user.name == "New Officer"
    assert "a long enough passphrase" not in user.password_hash


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "12 characters or more"), ("password1234", "common passwords")],
)
def test_users_create_refuses_a_weak_password(cli, password, message):
    result = cli.invoke(
        args=["users", "create", "x@test.example.org", "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code != 0
    assert message in result.output
    assert get_user_by_email("x@test.example.org") is None


def test_users_create_refuses_a_duplicate_email(cli, officer):
    result = cli.invoke(
        args=["users", "create", officer.email, "--password-stdin"], input="another long passphrase\n"
    )
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_demo_load_tells_the_mission_story(cli):
    result = cli.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert f"Password: {DEMO_PASSWORD}" in result.output
    assert "CRM_DEMO_PASSWORD" in result.output
    for role in Role:
        assert re.search(rf"\S+@demo\.example\.org\s+{role.value}", result.output), role

    sectors = set(db.session.scalars(select(Organisation.sector).distinct()))
    assert sectors == set(Sector)
    statuses = set(db.session.scalars(select(Action.status).distinct()))
    assert statuses == set(ActionStatus)
    overdue = _count(
        select(Action)
        .where(Action.status.in_(OUTSTANDING_STATUSES), Action.due_on < london_today())
        .subquery()
    )
    assert overdue > 0
    owed_by_partners = _count(select(Action).where(Action.owner_organisation_id.is_not(None)).subquery())
    assert owed_by_partners > 0
    sensitive = _count(
        select(Engagement).where(Engagement.classification == Classification.OFFICIAL_SENSITIVE).subquery()
    )
    assert sensitive > 0
    # Fictional contact details only: reserved example.org addresses.
    emails = db.session.scalars(select(Person.email).where(Person.email != "")).all()
    assert emails and all(email.endswith("example.org") for email in emails)


def test_demo_users_can_sign_in_with_the_printed_password(cli, client):
    cli.invoke(args=["demo", "load"])
    response = client.post("/login", data={"email": "officer@demo.example.org", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_demo_load_is_safe_to_run_again(cli):
    cli.invoke(args=["demo", "load"])
    counts = [_count(model) for model in (Organisation, Person, Engagement, Action, User)]
    again = cli.invoke(args=["demo", "load"])
    assert again.exit_code == 0
    assert "already loaded" in again.output
    assert [_count(model) for model in (Organisation, Person, Engagement, Action, User)] == counts


def test_demo_load_refuses_a_database_in_real_use(cli):
    factories.UserFactory(email="real.person@test.example.org")
    result = cli.invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "refusing" in result.output
    assert _count(Organisation) == 0


def test_demo_dry_run_changes_nothing(cli):
    result = cli.invoke(args=["demo", "load", "--dry-run"])
    assert result.exit_code == 0
    assert "Dry run" in result.output
    assert _count(Organisation) == 0 and _count(User) == 0
