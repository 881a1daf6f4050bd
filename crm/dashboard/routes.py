"""/ : the dashboard."""

from flask import render_template
from flask_login import current_user, login_required

from crm.dashboard import bp
from crm.models import CommitmentStatus
from crm.services import dashboard, reports, scorecard
from crm.timezones import london_today


@bp.route("/")
@login_required
def index() -> str:
    now = dashboard.utc_now()
    today = london_today(now)
    team_view = dashboard.shows_team_view(current_user)
    return render_template(
        "dashboard/index.html",
        page_title="Dashboard",
        counts=dashboard.my_action_counts(user=current_user, today=today),
        recent=dashboard.recent_engagements(user=current_user, now=now),
        upcoming=dashboard.upcoming_engagements(user=current_user, now=now),
        team_view=team_view,
        team=dashboard.team_counts(user=current_user, today=today) if team_view else None,
        balance=dashboard.organisation_balance(user=current_user) if team_view else [],
        months=reports.engagements_this_month_vs_last(user=current_user, today=today),
        # Briefing figures for leads: where companies stand, and who has gone quiet.
        summary=scorecard.scorecard_summary() if team_view else None,
        statuses=list(CommitmentStatus),
        quiet=reports.quiet_relationships(user=current_user, today=today, limit=5) if team_view else None,
    )
