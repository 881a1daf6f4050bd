"""/account/ : the signed-in user's own settings (for now, their calendar feed link)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from crm.account import bp
from crm.account.forms import CalendarTokenForm
from crm.extensions import db
from crm.models import User
from crm.services import calendar_feed


@bp.route("/")
@login_required
def index() -> str:
    user: User = current_user
    feed_url = (
        url_for("calendar.feed", token=user.calendar_token, _external=True) if user.calendar_token else None
    )
    return render_template(
        "account/index.html",
        page_title="Your account",
        feed_url=feed_url,
    )


@bp.route("/calendar-feed", methods=["POST"])
@login_required
def issue_calendar_token() -> Response:
    """Create the feed link, or replace it (the old link stops working)."""
    form = CalendarTokenForm()
    if form.validate_on_submit():
        replaced = current_user.calendar_token is not None
        calendar_feed.issue_token(current_user)
        db.session.commit()
        flash(
            "New calendar link made: the old one no longer works. Update your calendar app."
            if replaced
            else "Calendar link made. Add it to your calendar app as a subscription.",
            "success",
        )
    return redirect(url_for("account.index", _anchor="calendar"))


@bp.route("/calendar-feed/revoke", methods=["POST"])
@login_required
def revoke_calendar_token() -> Response:
    """Turn the feed off: its link answers 'not found' from now on."""
    form = CalendarTokenForm()
    if form.validate_on_submit():
        calendar_feed.revoke_token(current_user)
        db.session.commit()
        flash("Calendar link turned off. Calendar apps using it will stop updating.", "success")
    return redirect(url_for("account.index", _anchor="calendar"))
