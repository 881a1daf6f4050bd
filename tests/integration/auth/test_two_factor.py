"""Two-factor sign-in: setting it up, the second step of signing in, and an admin requiring it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from crm.extensions import db
from crm.models import User
from crm.services import settings, two_factor
from tests import factories
from tests.html import error_summary, page, text_of

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def two_factor_user():
    return factories.UserFactory(totp_secret=SECRET)


def _password_step(client, user):
    return client.post("/login", data={"email": user.email, "password": factories.TEST_PASSWORD})


def test_a_correct_password_alone_does_not_sign_in(client, two_factor_user):
    response = _password_step(client, two_factor_user)
    assert response.headers["Location"] == "/login/two-factor"
    assert client.get("/").status_code == 302


def test_the_code_completes_sign_in(client, two_factor_user):
    _password_step(client, two_factor_user)
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(SECRET).now()})
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused(client, two_factor_user):
    _password_step(client, two_factor_user)
    response = client.post("/login/two-factor", data={"code": "000000"})
    assert error_summary(response) == ["The security code is not correct or has expired"]
    assert client.get("/").status_code == 302


def test_a_code_that_signed_in_once_is_refused_the_second_time(app, two_factor_user):
    code = pyotp.TOTP(SECRET).now()
    first, second = app.test_client(), app.test_client()
    _password_step(first, two_factor_user)
    _password_step(second, two_factor_user)
    assert first.post("/login/two-factor", data={"code": code}).headers["Location"] == "/"
    # The same code again (replayed, or read over a shoulder) within its 30 seconds: refused.
    replayed = second.post("/login/two-factor", data={"code": code})
    assert error_summary(replayed) == ["The security code is not correct or has expired"]
    assert second.get("/").status_code == 302


def test_a_code_older_than_the_last_one_accepted_is_refused(two_factor_user):
    totp = pyotp.TOTP(SECRET)
    now = datetime.now(UTC)
    user = db.session.get(User, two_factor_user.id)
    assert two_factor.accept_sign_in_code(user, totp.at(now), now)
    earlier = now - timedelta(seconds=30)  # still inside the drift window, but used up
    assert not two_factor.accept_sign_in_code(user, totp.at(earlier), now)
    later = now + timedelta(seconds=30)
    assert two_factor.accept_sign_in_code(user, totp.at(later), later)


def test_the_code_step_needs_the_password_step_first(client):
    response = client.get("/login/two-factor")
    assert response.headers["Location"] == "/login"


def test_setting_up_two_factor(officer_client, officer):
    setup = officer_client.get("/two-factor/setup")
    secret = text_of(setup, "#two-factor-key")
    assert page(setup).select_one("img[src^='data:image/svg+xml;base64,']") is not None
    wrong = officer_client.post("/two-factor/setup", data={"code": "123456"})
    assert error_summary(wrong) == ["The security code is not correct or has expired"]
    done = officer_client.post("/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert db.session.get(User, officer.id).totp_secret == secret


def test_when_required_users_without_it_must_set_it_up_first(app, officer_client):
    settings.set_flag(settings.REQUIRE_TWO_FACTOR, True)
    db.session.commit()
    response = officer_client.get("/")
    assert response.headers["Location"] == "/two-factor/setup"
    assert officer_client.get("/two-factor/setup").status_code == 200


def test_admins_turn_the_requirement_on(admin_client):
    response = admin_client.post("/admin/settings", data={"require_two_factor": "y"})
    assert response.status_code == 302
    assert settings.flag(settings.REQUIRE_TWO_FACTOR) is True
    assert settings.flag(settings.COMPLETION_NOTE_REQUIRED) is False


def test_an_admin_reset_turns_it_off(admin_client, two_factor_user):
    response = admin_client.post(
        f"/admin/users/{two_factor_user.id}",
        data={
            "name": two_factor_user.name,
            "role": "officer",
            "team_id": "",
            "active": "y",
            "reset_two_factor": "y",
            "version": two_factor_user.version,
        },
    )
    assert response.status_code == 302
    assert db.session.get(User, two_factor_user.id).totp_secret is None
