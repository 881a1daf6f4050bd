"""/organisations/ : the filterable, searchable, sortable list (every view a bookmarkable GET URL)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, render_template, request
from flask_login import current_user, login_required

from crm.models import RelationshipStatus, Role, Sector, User
from crm.organisations import bp
from crm.organisations.filters import clear_filters_href, parse_filters, selected_filters
from crm.services.organisations import listing
from crm.services.pagination import page_number
from crm.services.query_text import MAX_SHOWN_LENGTH


@bp.route("/")
@login_required
def index() -> str:
    user: User = current_user
    options = listing.filter_options()
    filters, ignored = parse_filters(request.args, options)
    result = listing.list_organisations(
        filters=filters,
        user=user,
        now=datetime.now(UTC),
        number=page_number(request.args),
        per_page=current_app.config["CRM_PAGE_SIZE"],
    )
    sorts = [sort for sort in listing.Sort if sort != listing.Sort.RELEVANCE or filters.terms.searchable]
    return render_template(
        "organisations/index.html",
        page_title="Organisations",
        filters=filters,
        options=options,
        result=result,
        page=result.page,
        ignored=ignored,
        selected=selected_filters(filters, options),
        clear_href=clear_filters_href(filters),
        sectors=list(Sector),
        statuses=list(RelationshipStatus),
        sorts=sorts,
        no_contact_days=listing.NO_CONTACT_DAYS,
        archived_choices=list(listing.Archived),
        q=request.args.get("q", "")[:MAX_SHOWN_LENGTH],
        can_write=user.has_role(Role.OFFICER, Role.LEAD),
    )
