"""/login, /logout and /set-password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from crm.auth import bp
from crm.auth.forms import SetPasswordForm, SignInForm
from crm.auth.sessions import start_session
from crm.auth.two_factor import begin_second_step
from crm.extensions import db, limiter
from crm.services import users
from crm.services.audit import record_event

BAD_CREDENTIALS = "Enter a correct email address and password"
# Failed sign-ins allowed per account and per client address; shared by every worker through Redis.
SIGN_IN_LIMIT = "10 per 5 minutes"


def _submitted_email() -> str:
    """The account a sign-in attempt is for: the same key whether or not the account exists."""
    return "sign-in:" + users.normalise_email(request.form.get("email", ""))[:254]


def _failed_sign_in(response: Response) -> bool:
    # A failed attempt re-shows the form (200); success redirects, so it never counts.
    return request.method == "POST" and response.status_code == 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"], deduct_when=_failed_sign_in)
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"], key_func=_submitted_email, deduct_when=_failed_sign_in)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = SignInForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data or "", form.password.data or "")
        db.session.commit()  # the sign-in audit event is kept whether or not it succeeded
        if user is None:
            # One message for an unknown email and a wrong password: no account enumeration.
            form.email.errors = [BAD_CREDENTIALS]
        elif user.totp_secret:
            return begin_second_step(user, safe_next_url(request.args.get("next")))
        else:
            start_session()  # a fresh session at sign-in (no fixation)
            login_user(user)
            return redirect(safe_next_url(request.args.get("next")))
    return render_template("auth/login.html", form=form, page_title="Sign in")


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    users.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out", "success")
    return redirect(url_for("auth.login"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str) -> str | Response:
    """Set a password from an invitation or reset link (single use: the link dies with the old password)."""
    user = users.user_for_set_password_token(token)
    if user is None:
        return render_template("auth/link_expired.html", page_title="This link has expired"), 404  # type: ignore[return-value]
    form = SetPasswordForm()
    if form.validate_on_submit():
        users.set_password(user, form.password.data or "")
        record_event("password-set", entity=user, actor_id=user.id)
        db.session.commit()
        logout_user()
        session.clear()
        flash("Your password is set. Sign in with it now.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", page_title="Set your password", form=form, user=user)


def safe_next_url(target: str | None) -> str:
    """Only same-site paths are followed after sign-in; anything else goes to the dashboard."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for("dashboard.index")
