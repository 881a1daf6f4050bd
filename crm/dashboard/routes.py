"""/ : the dashboard."""

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from crm.dashboard import bp
from crm.models import CommitmentStatus
from crm.services import dashboard, reports, scorecard
from crm.services.figures_cache import as_of_text, kept_for_text, lifetime_seconds
from crm.services.reports import cached
from crm.timezones import london_today

QUIET_SHOWN = 5  # the dashboard names a few; the report lists them all


@bp.route("/")
@login_required
def index() -> str | Response:
    now = dashboard.utc_now()
    today = london_today(now)
    team_view = dashboard.shows_team_view(current_user)
    if "refresh" in request.args:
        # A lead's team figures are kept a few minutes: compute them afresh, then show the page at
        # its own address (so a reload does not compute again).
        if team_view:
            dashboard.team_figures(user=current_user, today=today, refresh=True)
            cached.quiet_relationships(user=current_user, today=today, refresh=True)
        return redirect(url_for("dashboard.index", _anchor="team"), code=303)
    team = dashboard.team_figures(user=current_user, today=today) if team_view else None
    quiet = cached.quiet_relationships(user=current_user, today=today) if team_view else None
    return render_template(
        "dashboard/index.html",
        page_title="Dashboard",
        counts=dashboard.my_action_counts(user=current_user, today=today),
        recent=dashboard.recent_engagements(user=current_user, now=now),
        upcoming=dashboard.upcoming_engagements(user=current_user, now=now),
        team_view=team_view,
        team=team.value.officers if team else None,
        balance=team.value.balance if team else [],
        team_as_of=as_of_text(min(team.computed_at, quiet.computed_at), today) if team and quiet else None,
        kept_for=kept_for_text(lifetime_seconds(current_app)),
        months=reports.engagements_this_month_vs_last(user=current_user, today=today),
        # Briefing figures for leads: where companies stand, and who has gone quiet.
        summary=scorecard.scorecard_summary() if team_view else None,
        statuses=list(CommitmentStatus),
        quiet=quiet.value if quiet else None,
        quiet_lines=dashboard.longest_quiet(quiet.value, QUIET_SHOWN) if quiet else [],
    )
