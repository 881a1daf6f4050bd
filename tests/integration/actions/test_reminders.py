"""flask actions remind: one digest per officer per day, captured from a fake SMTP server."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import ActionStatus, Classification, Role, Setting
from crm.services import mail
from tests import factories
from tests.integration.actions.helpers import days


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what would have been sent."""

    sent: list[EmailMessage] = []
    logins: list[tuple[str, str]] = []
    starttls_calls = 0
    refuse: set[str] = set()

    def __init__(self, host: str, port: int, timeout: float = 0) -> None:
        self.host, self.port = host, port

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def starttls(self, context: object = None) -> None:
        FakeSMTP.starttls_calls += 1

    def login(self, user: str, password: str) -> None:
        FakeSMTP.logins.append((user, password))

    def send_message(self, message: EmailMessage) -> None:
        if message["To"] in FakeSMTP.refuse:
            import smtplib

            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such mailbox")})
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.sent, FakeSMTP.logins, FakeSMTP.starttls_calls, FakeSMTP.refuse = [], [], 0, set()
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setenv("SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("SMTP_PORT", "587")
    monkeypatch.setenv("SMTP_USERNAME", "crm")
    monkeypatch.setenv("SMTP_PASSWORD", "app-password")
    monkeypatch.setenv("SMTP_FROM", "Partnership CRM <crm@example.org>")
    monkeypatch.delenv("SMTP_STARTTLS", raising=False)
    return FakeSMTP


@pytest.fixture
def officers(app):
    team = factories.TeamFactory()
    other_team = factories.TeamFactory()
    ann = factories.UserFactory(name="Ann", email="ann@example.org", team=team)
    bob = factories.UserFactory(name="Bob", email="bob@example.org", team=team)
    idle = factories.UserFactory(name="Idle", email="idle@example.org")
    viewer = factories.UserFactory(name="Vic", email="vic@example.org", role=Role.VIEWER)
    partner = factories.OrganisationFactory(name="Kestrel Social")
    factories.ActionFactory(title="Ann overdue", owner_user=ann, due_on=days(-2))
    factories.ActionFactory(title="Ann soon", owner_user=ann, due_on=days(5))
    factories.ActionFactory(title="Ann later", owner_user=ann, due_on=days(30))
    factories.ActionFactory(title="Ann undated", owner_user=ann)
    factories.ActionFactory(title="Ann done", owner_user=ann, due_on=days(-1), status=ActionStatus.DONE)
    factories.ActionFactory(title="Kestrel owes", owner_organisation=partner, chaser=ann, due_on=days(40))
    factories.ActionFactory(
        title="Team secret",
        owner_user=ann,
        due_on=days(1),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
    )
    factories.ActionFactory(
        title="Other team secret",
        owner_user=ann,
        due_on=days(-1),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=other_team,
    )
    factories.ActionFactory(title="Bob overdue", owner_user=bob, due_on=days(-1))
    factories.ActionFactory(title="Idle later", owner_user=idle, due_on=days(60))
    del viewer
    return {"ann": ann, "bob": bob}


def _remind(app, *args: str):
    return app.test_cli_runner().invoke(args=["actions", "remind", *args])


def _body(message: EmailMessage) -> str:
    return message.get_content()


def test_each_officer_gets_one_digest_with_their_actions(app, smtp, officers):
    result = _remind(app, "--base-url", "https://crm.example.org/")
    assert result.exit_code == 0, result.output
    assert "Sending 2 digests" in result.output and "done: 2 sent." in result.output
    by_recipient = {message["To"]: message for message in smtp.sent}
    assert set(by_recipient) == {"ann@example.org", "bob@example.org"}
    ann = by_recipient["ann@example.org"]
    assert ann["From"] == "Partnership CRM <crm@example.org>"
    assert ann["Subject"] == "Your actions: 1 overdue, 2 due soon, 1 to chase"
    body = _body(ann)
    assert "Ann overdue (was due" in body and "overdue by 2 days" in body
    assert "Ann soon" in body and "Kestrel Social: Kestrel owes" in body
    assert "An OFFICIAL-SENSITIVE action (open the CRM to see it)" in body
    for absent in ("Ann later", "Ann undated", "Ann done", "Team secret", "Other team secret", "Bob"):
        assert absent not in body
    assert "https://crm.example.org/actions/" in body
    assert smtp.starttls_calls == 1 and smtp.logins == [("crm", "app-password")]


def test_a_second_run_the_same_day_sends_nothing(app, smtp, officers):
    assert _remind(app).exit_code == 0
    assert len(smtp.sent) == 2
    again = _remind(app)
    assert again.exit_code == 0, again.output
    assert "Sending 0 digests" in again.output and "2 already sent today" in again.output
    assert len(smtp.sent) == 2
    keys = db.session.scalars(select(Setting.key).where(Setting.key.startswith("internal.reminder."))).all()
    assert sorted(keys) == sorted(f"internal.reminder.{u.id}" for u in officers.values())
    # The next day they get one again.
    tomorrow = days(1).isoformat()
    assert "Sending 2 digests" in _remind(app, "--date", tomorrow).output
    assert len(smtp.sent) == 4


def test_dry_run_sends_and_records_nothing(app, smtp, officers):
    result = _remind(app, "--dry-run")
    assert result.exit_code == 0
    assert "would send to ann@example.org: 1 overdue, 2 due soon, 1 to chase" in result.output
    assert "Dry run" in result.output and "would send 2 digests" in result.output
    assert smtp.sent == []
    assert db.session.scalars(select(Setting).where(Setting.key.startswith("internal.reminder."))).all() == []


def test_a_failed_send_is_retried_on_the_next_run(app, smtp, officers):
    smtp.refuse = {"bob@example.org"}
    result = _remind(app)
    assert result.exit_code == 1
    assert "could not send to bob@example.org" in result.output
    assert "1 sent, 1 failed" in result.output
    smtp.refuse = set()
    retry = _remind(app)
    assert "Sending 1 digest " in retry.output
    assert [m["To"] for m in smtp.sent] == ["ann@example.org", "bob@example.org"]


def test_without_smtp_host_the_digests_go_to_the_log(app, monkeypatch, officers, caplog):
    for name in ("SMTP_HOST", "SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)
    with caplog.at_level(logging.INFO, logger="crm.mail"):
        result = _remind(app)
    assert result.exit_code == 0
    assert "SMTP_HOST is not set: the digests are written to the log instead of being sent." in result.output
    logged = [record.getMessage() for record in caplog.records if record.name == "crm.mail"]
    assert len(logged) == 2 and "Email not sent (SMTP_HOST is not set)" in logged[0]
    assert any("To: ann@example.org" in entry for entry in logged)


def test_incomplete_smtp_settings_are_refused_clearly(app, monkeypatch, officers):
    monkeypatch.setenv("SMTP_HOST", "smtp.example.org")
    monkeypatch.delenv("SMTP_FROM", raising=False)
    result = _remind(app)
    assert result.exit_code != 0
    assert "SMTP_FROM must be set" in result.output
    monkeypatch.setenv("SMTP_FROM", "crm@example.org")
    monkeypatch.setenv("SMTP_PORT", "not-a-port")
    assert "SMTP_PORT must be a port number" in _remind(app).output


def test_the_background_job_entry_point_sends_the_same_digests(app, smtp, officers, monkeypatch):
    import crm
    from crm.services.actions import reminders

    monkeypatch.setattr(crm, "create_app", lambda: app)
    summary = reminders.run_reminder_job("https://crm.example.org/")
    assert summary == "2 sent, 0 failed, 0 already sent"
    assert reminders.run_reminder_job() == "0 sent, 0 failed, 2 already sent"
    assert len(smtp.sent) == 2
