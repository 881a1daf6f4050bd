"""/scorecard/coverage: engagements per sector on each ask in a period, and the companies with none."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required

from crm.models import Sector
from crm.reports.catalogue import last_12_months
from crm.reports.forms import period_from_args
from crm.scorecard import bp
from crm.services.frameworks import list_frameworks
from crm.services.scorecard.coverage import coverage as coverage_figures
from crm.services.scorecard.matrix import resolve_framework
from crm.timezones import london_today


@bp.get("/coverage")
@login_required
def coverage() -> str:
    framework, message = resolve_framework(request.args.get("framework", "").strip() or None)
    if framework is None:
        abort(404)  # the seeded five asks are missing: nothing sensible to show
    form, period = period_from_args(request.args, default=last_12_months(london_today()))
    figures = coverage_figures(framework=framework, period=period, user=current_user) if period else None
    return render_template(
        "scorecard/coverage.html",
        page_title=f"Scorecard coverage: {framework.name}",
        framework=framework,
        frameworks=[each for each, _count in list_frameworks()],
        form=form,
        coverage=figures,
        sectors=list(Sector),
        ignored=[message] if message else [],
    )
