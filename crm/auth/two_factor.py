"""/login/two-factor (the second step of signing in) and /two-factor/setup."""

from __future__ import annotations

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response

from crm.auth import bp
from crm.auth.forms import TwoFactorCodeForm
from crm.auth.sessions import start_session
from crm.extensions import db, limiter
from crm.models import User
from crm.services import settings
from crm.services import two_factor as totp
from crm.services.audit import record_event
from crm.services.users import get_user

PENDING_USER = "two_factor_user"
PENDING_SINCE = "two_factor_since"
PENDING_NEXT = "two_factor_next"
PENDING_SECONDS = 5 * 60
SETUP_SECRET = "two_factor_setup_secret"  # noqa: S105 (a session key name)
CODE_LIMIT = "10 per 5 minutes"


def begin_second_step(user: User, next_url: str) -> Response:
    """After a correct password for a user with two-factor on: ask for the code before signing in."""
    session.clear()
    session[PENDING_USER] = f"{user.id}:{user.session_version}"
    session[PENDING_SINCE] = int(time.time())
    session[PENDING_NEXT] = next_url
    return redirect(url_for("auth.two_factor"))


def _pending_user() -> User | None:
    user_id, _, version = str(session.get(PENDING_USER, "")).partition(":")
    if not user_id.isdigit() or int(time.time()) - session.get(PENDING_SINCE, 0) > PENDING_SECONDS:
        return None
    user = get_user(int(user_id))
    if user is None or not user.active or not user.totp_secret or str(user.session_version) != version:
        return None
    return user


def _pending_key() -> str:
    return "two-factor:" + str(session.get(PENDING_USER, "")).partition(":")[0]


def _failed(response: Response) -> bool:
    return request.method == "POST" and response.status_code == 200


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, methods=["POST"], key_func=_pending_key, deduct_when=_failed)
def two_factor() -> str | Response:
    user = _pending_user()
    if user is None:
        session.clear()
        flash("Sign in again to continue", "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if totp.accept_sign_in_code(user, form.code.data or ""):
            next_url = session.get(PENDING_NEXT) or url_for("dashboard.index")
            start_session()
            login_user(user)
            record_event("two-factor-passed", entity=user, actor_id=user.id)
            db.session.commit()
            return redirect(next_url)
        record_event("two-factor-failed", entity=user, actor_id=user.id)
        db.session.commit()
        form.code.errors = ["The security code is not correct or has expired"]
    return render_template("auth/two_factor.html", page_title="Enter your security code", form=form)


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@login_required
def two_factor_setup() -> str | Response:
    if current_user.totp_secret:
        flash("Two-factor sign-in is already on for your account", "info")
        return redirect(url_for("dashboard.index"))
    secret = session.get(SETUP_SECRET) or totp.new_secret()
    session[SETUP_SECRET] = secret
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if totp.code_is_valid(secret, form.code.data or ""):
            totp.enable(current_user, secret)
            db.session.commit()
            session.pop(SETUP_SECRET, None)
            flash(
                "Two-factor sign-in is on. You will need your authenticator app each time you sign in.",
                "success",
            )
            return redirect(url_for("dashboard.index"))
        form.code.errors = ["The security code is not correct or has expired"]
    uri = totp.provisioning_uri(current_user, secret)
    return render_template(
        "auth/two_factor_setup.html",
        page_title="Set up two-factor sign-in",
        form=form,
        secret=secret,
        qr_code=totp.qr_code_data_uri(uri),
        required=settings.flag(settings.REQUIRE_TWO_FACTOR),
    )


@bp.before_app_request
def require_two_factor_when_set() -> Response | None:
    """When an admin requires two-factor sign-in, users without it set it up before anything else."""
    if request.endpoint in {"static", "health.healthz", "auth.two_factor_setup", "auth.logout"}:
        return None
    if not current_user.is_authenticated or current_user.totp_secret:
        return None
    if settings.flag(settings.REQUIRE_TWO_FACTOR):
        return redirect(url_for("auth.two_factor_setup"))
    return None
