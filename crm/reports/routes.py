"""/reports: charts drawn on the server with their figures as tables, and a CSV of each report.

The slow reports' figures come from the figures cache (crm.services.reports.cached) for a few
minutes; each page says when its figures were computed, and ?refresh=1 computes them afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from crm.extensions import db
from crm.models import Framework
from crm.reports import bp
from crm.reports.catalogue import REPORTS, Report, ReportContext, ReportView
from crm.reports.forms import PeriodForm, period_from_args
from crm.services.audit import record_event
from crm.services.figures_cache import as_of_text, kept_for_text, lifetime_seconds
from crm.services.frameworks import list_frameworks
from crm.services.pagination import page_number
from crm.services.reports.spreadsheets import csv_bytes, file_name, marked_dataset
from crm.services.scorecard.matrix import resolve_framework
from crm.timezones import london_today


@bp.route("/")
@login_required
def index() -> str:
    return render_template("reports/index.html", page_title="Reports", reports=list(REPORTS.values()))


@dataclass
class _Prepared:
    report: Report
    form: PeriodForm | None
    framework: Framework | None
    frameworks: list[Framework]
    messages: list[str]
    view: ReportView | None


def _prepare(name: str, *, refresh: bool = False) -> _Prepared:
    """The report named in the URL, built for the period, framework and page in the query (404 if
    unknown). refresh: compute the figures afresh rather than take them from the cache."""
    report = REPORTS.get(name) or abort(404)
    today = london_today()
    form, period, messages = None, None, []
    if report.default_period is not None:
        form, period = period_from_args(request.args, default=report.default_period(today))
    framework, frameworks = None, []
    if report.uses_framework:
        framework, message = resolve_framework(request.args.get("framework", "").strip() or None)
        if framework is None:
            abort(404)  # the seeded five asks are missing: nothing sensible to show
        messages += [message] if message else []
        frameworks = [each for each, _count in list_frameworks()]
    view = None
    if form is None or period is not None:
        context = ReportContext(
            user=current_user,
            today=today,
            period=period,
            framework=framework,
            page=page_number(request.args),
            refresh=refresh,
        )
        view = report.build(context)
    return _Prepared(report, form, framework, frameworks, messages, view)


def _args_without(*names: str) -> dict[str, Any]:
    return {key: value for key, value in request.args.items() if key not in names}


@bp.route("/<name>")
@login_required
def show(name: str) -> str | BaseResponse:
    if "refresh" in request.args:
        # Compute and store afresh, then show the page at its own address (so its links, and a
        # reload, do not compute again).
        _prepare(name, refresh=True)
        return redirect(url_for("reports.show", name=name, **_args_without("refresh")), code=303)
    prepared = _prepare(name)
    view = prepared.view
    return render_template(
        "reports/report.html",
        page_title=prepared.report.title,
        report=prepared.report,
        reports=list(REPORTS.values()),
        form=prepared.form,
        framework=prepared.framework,
        frameworks=prepared.frameworks,
        messages=prepared.messages,
        view=view,
        as_of=as_of_text(view.computed_at, london_today()) if view else None,
        kept_for=kept_for_text(lifetime_seconds(current_app)),
        csv_args=_args_without("page", "refresh"),
    )


@bp.route("/<name>.csv")
@login_required
def download(name: str) -> BaseResponse:
    prepared = _prepare(name)
    if prepared.view is None:
        # Wrong dates: the report page says what is wrong with them.
        values: dict[str, Any] = {**request.args.to_dict(), "name": name}
        return redirect(url_for("reports.show", **values))
    view, today = prepared.view, london_today()
    table = view.csv_table
    dataset = marked_dataset(
        marking=view.marking, title=prepared.report.title, headers=table.headers, rows=table.rows
    )
    record_event(
        "export",
        entity_type="Report",
        details={
            "report": name,
            "format": "csv",
            "args": request.args.to_dict(),
            "marking": view.marking.label,
        },
    )
    db.session.commit()
    download_name = file_name(marking=view.marking, stem=name, today=today, extension="csv")
    return Response(
        csv_bytes(dataset),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{download_name}"'},
    )
