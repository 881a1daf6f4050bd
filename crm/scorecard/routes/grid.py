"""/scorecard/: the grid of technology companies against a framework's asks, and its exports."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, current_app, render_template, request
from flask_login import login_required

from crm.extensions import db
from crm.models import CommitmentStatus
from crm.scorecard import bp
from crm.services.frameworks import list_frameworks
from crm.services.pagination import page_number
from crm.services.scorecard.export import SCORECARD_MARKING, export_scorecard
from crm.services.scorecard.matrix import (
    FilterOptions,
    Scorecard,
    SortOrder,
    build_scorecard,
    filter_options,
    parse_filters,
    resolve_framework,
)
from crm.timezones import london_today


@dataclass(frozen=True)
class _Request:
    scorecard: Scorecard
    options: FilterOptions
    ignored: list[str]


def _scorecard_from_args(*, paginated: bool) -> _Request:
    """The scorecard the query arguments ask for; values that do not exist are ignored with a note.

    Paginated: the page of companies `?page=` asks for; else every company that matches (exports).
    """
    framework, framework_message = resolve_framework(request.args.get("framework", "").strip() or None)
    if framework is None:
        abort(404)  # the seeded five asks are missing: nothing sensible to show
    options = filter_options()
    filters, ignored = parse_filters(request.args, options=options)
    if framework_message:
        ignored.insert(0, framework_message)
    scorecard = build_scorecard(
        framework=framework,
        filters=filters,
        today=london_today(),
        page_number=page_number(request.args) if paginated else None,
        per_page=current_app.config["CRM_PAGE_SIZE"],
    )
    return _Request(scorecard=scorecard, options=options, ignored=ignored)


@bp.route("/")
@login_required
def index() -> str:
    shown = _scorecard_from_args(paginated=True)
    scorecard = shown.scorecard
    args = {"framework": scorecard.framework.key, **scorecard.filters.as_args()}
    return render_template(
        "scorecard/index.html",
        page_title=f"Scorecard: {scorecard.framework.name}",
        scorecard=scorecard,
        options=shown.options,
        ignored=shown.ignored,
        frameworks=[framework for framework, _count in list_frameworks()],
        sort_orders=list(SortOrder),
        statuses=list(CommitmentStatus),
        export_args=args,
        marking=SCORECARD_MARKING,
    )


def _export(file_format: str) -> Response:
    scorecard = _scorecard_from_args(paginated=False).scorecard
    exported = export_scorecard(scorecard=scorecard, file_format=file_format, today=london_today())
    db.session.commit()  # the export's audit event
    return Response(
        exported.content,
        mimetype=exported.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{exported.name}"'},
    )


@bp.route("/export.csv")
@login_required
def export_csv() -> Response:
    return _export("csv")


@bp.route("/export.xlsx")
@login_required
def export_xlsx() -> Response:
    return _export("xlsx")
