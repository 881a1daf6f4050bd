"""Signing in and out: /login, /logout, and what a session cookie is worth afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent
from tests import factories
from tests.html import error_summary, field_errors, page, text_of

BAD_CREDENTIALS = "Enter a correct email address and password"


def test_sign_in_takes_the_user_to_the_dashboard(client, officer):
    response = client.post(
        "/login", data={"email": officer.email.upper(), "password": factories.TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    dashboard = client.get("/")
    assert text_of(dashboard, "h1") == "Dashboard"
    assert officer.name in text_of(dashboard, ".app-account-bar")


def test_wrong_password_and_unknown_email_get_the_same_message(client, officer):
    wrong_password = client.post("/login", data={"email": officer.email, "password": "not the password"})
    unknown_email = client.post(
        "/login", data={"email": "nobody@test.example.org", "password": factories.TEST_PASSWORD}
    )
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert error_summary(response) == [BAD_CREDENTIALS]
        assert page(response).title.get_text().startswith("Error: Sign in")
    assert client.get("/").status_code == 302  # still signed out


def test_failed_and_successful_sign_ins_are_audited(client, officer):
    client.post("/login", data={"email": officer.email, "password": "wrong password!"})
    client.post("/login", data={"email": officer.email, "password": factories.TEST_PASSWORD})
    events = db.session.scalars(
        select(AuditEvent.event)
        .where(AuditEvent.entity_id == officer.id, AuditEvent.event.like("sign-in%"))
        .order_by(AuditEvent.id)
    ).all()
    assert events == ["sign-in-failed", "sign-in"]


def test_empty_fields_get_specific_errors(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert error_summary(response) == ["Enter your email address", "Enter your password"]
    assert field_errors(response) == ["Enter your email address", "Enter your password"]
    # Each summary link leads to its field.
    assert [a["href"] for a in page(response).select(".govuk-error-summary__list a")] == [
        "#email",
        "#password",
    ]


def test_over_long_input_is_refused_without_a_server_error(client):
    response = client.post("/login", data={"email": "a" * 10_000 + "@x.org", "password": "p" * 10_000})
    assert response.status_code == 200
    assert "Email address must be 254 characters or fewer" in error_summary(response)


def test_a_deactivated_user_cannot_sign_in(client):
    user = factories.UserFactory(active=False)
    response = client.post("/login", data={"email": user.email, "password": factories.TEST_PASSWORD})
    assert error_summary(response) == [BAD_CREDENTIALS]


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/healthz", "/healthz"),
        ("https://evil.example.com/", "/"),
        ("//evil.example.com/", "/"),
        ("/\\evil.example.com", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_only_same_site_next_urls_are_followed(client, officer, next_url, expected):
    response = client.post(
        f"/login?next={next_url}", data={"email": officer.email, "password": factories.TEST_PASSWORD}
    )
    assert response.headers["Location"] == expected


def test_sign_out_ends_the_session_on_the_server(client, officer):
    client.post("/login", data={"email": officer.email, "password": factories.TEST_PASSWORD})
    with client.session_transaction() as session:
        stolen_cookie_session = dict(session)
    response = client.post("/logout", follow_redirects=True)
    assert "You have signed out" in text_of(response, ".govuk-notification-banner")

    # Replaying the session from before sign-out no longer works.
    with client.session_transaction() as session:
        session.update(stolen_cookie_session)
    assert client.get("/").status_code == 302


def test_sign_out_needs_a_post(officer_client):
    assert officer_client.get("/logout").status_code == 405


def test_sign_in_form_is_protected_by_csrf(app, officer):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        response = client.post("/login", data={"email": officer.email, "password": factories.TEST_PASSWORD})
        assert response.status_code == 400
        assert client.get("/").status_code == 302
        # With the token from the form, the same sign-in succeeds.
        token = page(client.get("/login")).select_one("input[name=csrf_token]")["value"]
        response = client.post(
            "/login", data={"email": officer.email, "password": factories.TEST_PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_ten_failures_lock_the_account_for_everyone(app, officer):
    attacker = app.test_client()
    for _ in range(10):
        assert (
            attacker.post("/login", data={"email": officer.email, "password": "wrong-password"}).status_code
            == 200
        )
    refused = attacker.post("/login", data={"email": officer.email, "password": factories.TEST_PASSWORD})
    assert refused.status_code == 429
    assert text_of(refused, "h1") == "Too many attempts"
    # From another address too: the limit is per account.
    elsewhere = app.test_client().post(
        "/login",
        data={"email": officer.email, "password": factories.TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.44"},
    )
    assert elsewhere.status_code == 429


def test_unknown_accounts_are_throttled_the_same_way(app):
    client = app.test_client()
    statuses = [
        client.post("/login", data={"email": "ghost@test.example.org", "password": "x" * 12}).status_code
        for _ in range(11)
    ]
    assert statuses == [200] * 10 + [429]


def test_one_address_cannot_try_many_accounts(app):
    client = app.test_client()
    for n in range(10):
        client.post("/login", data={"email": f"user-{n}@test.example.org", "password": "x" * 12})
    assert (
        client.post("/login", data={"email": "other@test.example.org", "password": "x" * 12}).status_code
        == 429
    )


def test_successful_sign_ins_do_not_count(app, officer):
    for _ in range(12):
        client = app.test_client()
        response = client.post("/login", data={"email": officer.email, "password": factories.TEST_PASSWORD})
        assert response.status_code == 302


def test_spaces_alone_count_as_empty(client):
    response = client.post("/login", data={"email": "   ", "password": "   "})
    assert error_summary(response) == ["Enter your email address", "Enter your password"]
