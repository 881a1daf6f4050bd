"""/engagements/ : the contact log (filtered, newest first, paginated) and /engagements/export.csv."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from crm.engagements import bp
from crm.extensions import db
from crm.models import EngagementKind, Organisation, Sector
from crm.services.audit import record_event
from crm.services.engagements import listing
from crm.services.engagements.listing import EngagementFilters, FilterOptions
from crm.services.organisations.editing import find_organisation
from crm.services.pagination import page_number
from crm.services.query_text import MAX_SHOWN_LENGTH
from crm.template_helpers import long_date
from crm.timezones import london_today


def _index_url(filters: EngagementFilters) -> str:
    return url_for("engagements.index", **filters.to_args())


def _selected(
    filters: EngagementFilters, options: FilterOptions, organisation: Organisation | None
) -> list[dict[str, Any]]:
    """The MoJ "selected filters": each tag links to this view without that filter."""
    groups: list[dict[str, Any]] = []

    def add(heading: str, tags: list[tuple[str, EngagementFilters]]) -> None:
        groups.append({"heading": heading, "tags": [{"text": t, "href": _index_url(f)} for t, f in tags]})

    if organisation is not None:
        add("Organisation", [(organisation.name, filters.but(organisation_id=None))])
    if filters.organisation_name:
        add("Organisation name", [(filters.organisation_name, filters.but(organisation_name=""))])
    if filters.sector is not None:
        add("Sector", [(filters.sector.label, filters.but(sector=None))])
    if filters.kinds:
        add(
            "Kind",
            [(k.label, filters.but(kinds=tuple(x for x in filters.kinds if x != k))) for k in filters.kinds],
        )
    if filters.officer_id is not None:
        add(
            "Officer", [(options.name_of(options.officers, filters.officer_id), filters.but(officer_id=None))]
        )
    if filters.ask_id is not None:
        add("Ask", [(options.name_of(options.asks, filters.ask_id), filters.but(ask_id=None))])
    if filters.date_from is not None:
        add("From", [(long_date(filters.date_from), filters.but(date_from=None))])
    if filters.date_to is not None:
        add("To", [(long_date(filters.date_to), filters.but(date_to=None))])
    return groups


@bp.route("/")
@login_required
def index() -> str:
    """The contact log: every engagement the user may read, filtered, newest first."""
    parsed = listing.parse_filters(request.args)
    filters = parsed.filters
    organisation = None
    if filters.organisation_id is not None:
        organisation = find_organisation(filters.organisation_id)
        if organisation is None:
            # No such organisation (an old or mistyped link): show every contact and say so.
            parsed.ignored.append("The organisation filter names no organisation, so it is not applied")
            filters = filters.but(organisation_id=None)
    page = listing.list_engagements(
        filters,
        user=current_user,
        number=page_number(request.args),
        per_page=current_app.config["CRM_PAGE_SIZE"],
    )
    options = listing.filter_options()
    return render_template(
        "engagements/index.html",
        page_title="Contact log",
        page=page,
        filters=filters,
        parsed=parsed,
        options=options,
        organisation=organisation,
        organisation_name=request.args.get("organisation_name", "")[:MAX_SHOWN_LENGTH],
        kinds=list(EngagementKind),
        sectors=list(Sector),
        selected=_selected(filters, options, organisation),
        highest=listing.page_classification(page.items),
        export_href=url_for("engagements.export", **filters.to_args()),
    )


@bp.route("/export.csv")
@login_required
def export() -> Response:
    """The filtered contact log as CSV (audited). Sensitive rows only for those who may read them."""
    filters = listing.parse_filters(request.args).filters
    result = listing.export_csv(filters, user=current_user, link_prefix=request.host_url.rstrip("/"))
    record_event(
        "export",
        entity_type="Engagement",
        details={
            "filters": filters.to_args(),
            "rows": result.rows,
            "classification": result.classification.value,
        },
    )
    db.session.commit()
    filename = result.filename(london_today())
    # A byte-order mark, so that spreadsheets read the file as UTF-8.
    return Response(
        "\ufeff" + result.text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
