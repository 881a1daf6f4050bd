"""Sessions end after 30 minutes idle and 12 hours after sign-in."""

from __future__ import annotations

import time

import pytest

from crm.auth.sessions import ABSOLUTE_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS
from tests import factories
from tests.html import text_of


@pytest.fixture
def signed_in(client, officer):
    client.post("/login", data={"email": officer.email, "password": factories.TEST_PASSWORD})
    return client


def _age_session(client, *, idle: int = 0, since_sign_in: int = 0) -> None:
    with client.session_transaction() as session:
        session["last_seen"] -= idle
        session["signed_in_at"] -= since_sign_in


def test_activity_keeps_the_session_alive(signed_in):
    _age_session(signed_in, idle=IDLE_TIMEOUT_SECONDS - 60)
    assert signed_in.get("/").status_code == 200
    with signed_in.session_transaction() as session:
        assert abs(session["last_seen"] - time.time()) < 5


def test_thirty_minutes_idle_signs_the_user_out(signed_in):
    _age_session(signed_in, idle=IDLE_TIMEOUT_SECONDS + 1)
    response = signed_in.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    page = signed_in.get(response.headers["Location"])
    assert "session expired" in text_of(page, ".govuk-notification-banner")
    assert signed_in.get("/").status_code == 302  # still signed out


def test_twelve_hours_after_sign_in_ends_even_an_active_session(signed_in):
    _age_session(signed_in, since_sign_in=ABSOLUTE_TIMEOUT_SECONDS + 1)
    assert signed_in.get("/").status_code == 302


def test_the_session_cookie_is_httponly_and_samesite(client, officer):
    response = client.post("/login", data={"email": officer.email, "password": factories.TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
