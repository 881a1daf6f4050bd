"""/people/ : search, filter and sort the people (every view a bookmarkable GET URL)."""

from __future__ import annotations

import dataclasses

from flask import current_app, render_template, request
from flask_login import current_user, login_required

from crm.models import Role, Sector, User
from crm.people import bp
from crm.people.filters import clear_filters_href, page_argument, parse_filters, selected_filters
from crm.services.people import listing
from crm.services.query_text import MAX_SHOWN_LENGTH


@bp.route("/")
@login_required
def index() -> str:
    user: User = current_user
    filters, ignored = parse_filters(request.args)
    chosen = None
    if filters.organisation_id is not None:
        chosen = listing.find_organisation_option(filters.organisation_id)
        if chosen is None:
            # No such organisation: ignore the filter rather than show an empty list for a typo.
            ignored.append("Organisation")
            filters = dataclasses.replace(filters, organisation_id=None)
    page = listing.list_people(
        filters=filters, number=page_argument(request.args), per_page=current_app.config["CRM_PAGE_SIZE"]
    )
    selected = selected_filters(filters, chosen)
    return render_template(
        "people/index.html",
        page_title="People",
        filters=filters,
        organisation=chosen,
        organisation_name=request.args.get("organisation_name", "")[:MAX_SHOWN_LENGTH],
        page=page,
        ignored=ignored,
        selected=selected,
        clear_href=clear_filters_href(filters),
        sectors=list(Sector),
        sorts=[s for s in listing.Sort if s != listing.Sort.RELEVANCE or filters.terms.searchable],
        erased_choices=list(listing.Erased),
        q=request.args.get("q", "")[:MAX_SHOWN_LENGTH],
        can_write=user.can_write,
        can_review_retention=user.has_role(Role.LEAD),
    )
