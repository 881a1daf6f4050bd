"""Session lifetime: signed out after 30 minutes idle, and 12 hours after signing in, whatever happens."""

from __future__ import annotations

import time

from flask import flash, redirect, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from crm.auth import bp

IDLE_TIMEOUT_SECONDS = 30 * 60
ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60


def start_session() -> None:
    """Called at sign-in: a fresh session with its clocks started."""
    session.clear()
    session.permanent = True
    session["signed_in_at"] = session["last_seen"] = int(time.time())


@bp.before_app_request
def enforce_session_lifetime() -> Response | None:
    if request.endpoint in {"static", "health.healthz"} or not current_user.is_authenticated:
        return None
    now = int(time.time())
    signed_in_at = session.setdefault("signed_in_at", now)
    last_seen = session.get("last_seen", now)
    if now - last_seen > IDLE_TIMEOUT_SECONDS or now - signed_in_at > ABSOLUTE_TIMEOUT_SECONDS:
        logout_user()
        session.clear()
        flash("You were signed out because your session expired. Sign in again to continue.", "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    session["last_seen"] = now
    return None
