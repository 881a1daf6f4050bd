"""/actions/ : the outstanding-actions review, its filters and counts, and the bulk update."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import Row
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from crm.actions import bp
from crm.actions.forms import BulkUpdateForm, officer_choices
from crm.auth.decorators import writer_required
from crm.extensions import db
from crm.models import ActionStatus, Organisation, Priority, Role, Sector, User
from crm.services.actions import changes, listing
from crm.services.actions.filters import ActionFilters, Due, OwedBy, Owner, Sort, parse_filters
from crm.services.pagination import page_number
from crm.template_helpers import long_date
from crm.timezones import london_today


@bp.route("/")
@login_required
def index() -> str | Response:
    typed = request.args.get("organisation_name", "").strip()[:MAX_TYPED_NAME]
    if typed:
        # "Another organisation" typed into the box: one match becomes the organisation filter, in a
        # bookmarkable URL; none or several are listed above the results to choose from.
        matches = listing.organisations_named(typed)
        if len(matches) == 1:
            filters, _ = parse_filters(request.args)
            return redirect(_index_url(filters.but(organisation_id=matches[0].id)))
        return _render_index(BulkUpdateForm(formdata=None), organisation_search=(typed, matches))
    return _render_index(BulkUpdateForm(formdata=None))


MAX_TYPED_NAME = 100


def _render_index(
    form: BulkUpdateForm,
    ticked: frozenset[int] = frozenset(),
    organisation_search: tuple[str, list[Organisation]] | None = None,
) -> str:
    filters, ignored = parse_filters(request.args)
    today = london_today()
    user: User = current_user
    counts, page = listing.review(
        filters=filters,
        user=user,
        today=today,
        number=page_number(request.args),
        per_page=current_app.config["CRM_PAGE_SIZE"],
    )
    officers = listing.assignable_officer_names()
    form.owner_id.choices = officer_choices(officers, "Leave as it is")
    names = listing.describe_selection(filters, user=user)
    return render_template(
        "actions/index.html",
        page_title=_heading(filters),
        filters=filters,
        ignored=ignored,
        counts=counts,
        page=page,
        today=today,
        names=names,
        selected=_selected_tags(filters, names),
        facets=_facets(filters, counts, names, officers),
        heading=_heading(filters),
        form=form,
        ticked=ticked,
        can_reassign=user.has_role(Role.LEAD),
        organisation_search=organisation_search,
        organisation_search_args={k: v for k, v in filters.to_args().items() if k != "organisation"},
    )


def _item(value: str, text: str, count: int | None, chosen: bool) -> dict[str, Any]:
    return {"value": value, "text": text, "count": count, "checked": chosen, "selected": chosen}


def _facets(
    filters: ActionFilters,
    counts: listing.FilterCounts,
    names: dict[str, str],
    officers: list[Row[tuple[int, str]]],
) -> dict[str, Any]:
    """The items of every filter control, each with its count and whether it is chosen.

    The owner control counts only the chosen owner (the number listed): counting every other owner
    would mean reading every outstanding action of everyone on every view. The organisation controls
    list the 20 organisations with most actions, plus the chosen one.
    """
    owed_by = [_item(o.value, o.label, counts.owed_by[o.value], filters.owed_by == o) for o in OwedBy]

    def chosen_extra(
        options: list[listing.Option], value: str, label: str, count: int
    ) -> list[listing.Option]:
        """Keep the chosen value in the list even when it is not among the counted ones."""
        if value and all(option.value != value for option in options):
            return [*options, listing.Option(value, label, count)]
        return options

    def owner_item(value: str, text: str) -> dict[str, Any]:
        chosen = filters.owner == value
        return _item(value, text, counts.total if chosen else None, chosen)

    officer_options = [listing.Option(f"user:{officer.id}", officer.name, 0) for officer in officers]
    owing = counts.owing_organisations
    if filters.owner_user_id is not None:
        officer_options = chosen_extra(officer_options, filters.owner, names.get("owner", ""), 0)
    if filters.owner_organisation_id is not None:
        owing = chosen_extra(owing, filters.owner, names.get("owner", ""), 0)
    owner_groups: list[dict[str, Any]] = [
        {"label": None, "items": [owner_item(o.value, o.label) for o in Owner]},
        {
            "label": "An officer (owes or chases)",
            "items": [owner_item(o.value, o.label) for o in officer_options],
        },
        {
            "label": "An organisation (owes most in this view)",
            "items": [owner_item(o.value, o.label) for o in owing],
        },
    ]
    organisation = str(filters.organisation_id or "")
    organisations = chosen_extra(
        counts.organisations, organisation, names.get("organisation", ""), counts.total
    )
    ask = str(filters.ask_id or "")
    asks = chosen_extra(counts.asks, ask, names.get("ask", ""), 0)
    return {
        "owed_by": owed_by,
        "owner": [group for group in owner_groups if group["items"]],
        "due": [
            _item("", "Any due date", counts.due["any"], filters.due is None),
            *(_item(d.value, d.label, counts.due[d.value], filters.due == d) for d in Due),
        ],
        "status": [
            _item(s.value, s.label, counts.status[s.value], s in filters.statuses) for s in ActionStatus
        ],
        "priority": [
            _item("", "Any priority", counts.priority["any"], filters.priority is None),
            *(
                _item(p.value, p.label, counts.priority[p.value], filters.priority == p)
                for p in (Priority.HIGH, Priority.MEDIUM, Priority.LOW)
            ),
        ],
        "sector": [
            _item("", "Any sector", None, filters.sector is None),
            *(_item(s.value, s.label, counts.sectors[s.value], filters.sector == s) for s in Sector),
        ],
        "organisation": [
            {
                "label": None,
                "items": [
                    _item("", "Any organisation", None, not organisation),
                    *(_item(o.value, o.label, o.count, o.value == organisation) for o in organisations),
                ],
            }
        ],
        "ask": [
            {
                "label": None,
                "items": [
                    _item("", "Any ask", None, not ask),
                    *(_item(o.value, o.label, o.count, o.value == ask) for o in asks),
                ],
            }
        ],
        "sorts": [
            {
                "text": s.label,
                "href": url_for("actions.index", **filters.but(sort=s).to_args()),
                "current": s == filters.sort,
            }
            for s in Sort
        ],
    }


def _heading(filters: ActionFilters) -> str:
    default = ActionFilters()
    if filters.owner == Owner.ME and set(filters.statuses) == set(default.statuses):
        return "Your outstanding actions"
    if set(filters.statuses) == set(default.statuses):
        return "Outstanding actions"
    return "Actions"


def _index_url(filters: ActionFilters) -> str:
    return url_for("actions.index", **filters.to_args())


def _selected_tags(filters: ActionFilters, names: dict[str, str]) -> list[dict[str, Any]]:
    """The MoJ "selected filters" groups: each tag links to this view without that filter."""
    default = ActionFilters()
    groups: list[dict[str, Any]] = []

    def add(heading: str, text: str, without: ActionFilters) -> None:
        groups.append({"heading": heading, "tags": [{"text": text, "href": _index_url(without)}]})

    if filters.owed_by != default.owed_by:
        add("Owed by", filters.owed_by.label, filters.but(owed_by=default.owed_by))
    if filters.owner != default.owner:
        label = Owner(filters.owner).label if filters.owner in set(Owner) else names.get("owner", "")
        add("Owner", label, filters.but(owner=default.owner))
    if filters.due is not None:
        add("Due", filters.due.label, filters.but(due=None))
    if set(filters.statuses) != set(default.statuses):
        tags = []
        for status in filters.statuses:
            rest = tuple(s for s in filters.statuses if s != status) or default.statuses
            tags.append({"text": status.label, "href": _index_url(filters.but(statuses=rest))})
        groups.append({"heading": "Status", "tags": tags})
    if filters.priority is not None:
        add("Priority", filters.priority.label, filters.but(priority=None))
    if filters.organisation_id is not None:
        add("Organisation", names.get("organisation", ""), filters.but(organisation_id=None))
    if filters.sector is not None:
        add("Sector", filters.sector.label, filters.but(sector=None))
    if filters.ask_id is not None:
        add("Ask", names.get("ask", ""), filters.but(ask_id=None))
    if filters.engagement_id is not None:
        add("Raised at", names.get("engagement", ""), filters.but(engagement_id=None))
    return groups


@bp.route("/bulk", methods=["POST"])
@writer_required
def bulk_update() -> str | Response:
    """Change status, officer or due date of the ticked rows in one transaction.

    Rows changed by someone else since the page was opened are left alone and listed; the rest
    change. A ticked row the user may not read refuses the whole batch (nothing changes).
    """
    form = BulkUpdateForm()
    officers = {officer.id: officer for officer in listing.assignable_officers()}
    form.owner_id.choices = officer_choices(officers.values(), "Leave as it is")
    rows = _ticked_rows()
    ticked = frozenset(rows)
    if not form.validate():
        return _render_index(form, ticked)
    if form.owner_id.data and not current_user.has_role(Role.LEAD):
        abort(403)  # reassigning is for leads (and admins), as lead_required
    if not rows:
        form.action_id.errors = ["Select at least one action to update"]
        return _render_index(form, ticked)
    if not (form.status.data or form.owner_id.data or form.due_on.data):
        form.status.errors = ["Choose a new status, officer or due date for the selected actions"]
        return _render_index(form, ticked)
    today = london_today()
    try:
        result = changes.bulk_update(
            user=current_user,
            rows=rows,
            status=ActionStatus(form.status.data) if form.status.data else None,
            responsible=officers[int(form.owner_id.data)] if form.owner_id.data else None,
            due_on=form.due_on.data,
            today=today,
        )
        db.session.commit()
    except changes.BulkRefused:
        db.session.rollback()
        # The same words whether a row never existed or is outside the access scope: no hint either way.
        form.action_id.errors = [
            "Some of the selected actions cannot be changed by you: they no longer exist or you do not "
            "have access to them. Nothing has been changed"
        ]
        return _render_index(form, ticked)
    except changes.CompletionNoteRequired:
        db.session.rollback()
        form.status.errors = [
            "Your team requires a completion note: complete actions one at a time from their own page"
        ]
        return _render_index(form, ticked)
    except StaleDataError:
        db.session.rollback()
        form.action_id.errors = [
            "Someone changed some of the selected actions while they were being saved. "
            "Nothing has been changed: check them and try again"
        ]
        return _render_index(form, ticked)
    _report_bulk(result, due_on=form.due_on.data, today=today)
    args: dict[str, Any] = request.args.to_dict(flat=False)
    return redirect(url_for("actions.index", **args))


def _ticked_rows() -> dict[int, str]:
    """Ticked action ids with the version each row showed (ids that are not numbers are ignored)."""
    rows: dict[int, str] = {}
    for value in request.form.getlist("action_id")[: changes.MAX_BULK_ROWS]:
        value = value.strip()
        if value.isdigit() and len(value) <= 9:
            rows[int(value)] = request.form.get(f"version-{int(value)}", "")
    return rows


def _report_bulk(result: changes.BulkResult, *, due_on: Any, today: Any) -> None:
    if result.changed:
        count = len(result.changed)
        flash(f"{count} {'action' if count == 1 else 'actions'} updated", "success")
    if result.stale:
        titles = ", ".join(f'"{action.title}"' for action in result.stale)
        count = len(result.stale)
        flash(
            f"{count} {'action was' if count == 1 else 'actions were'} not updated because someone changed "
            f"{'it' if count == 1 else 'them'} after you opened this page: {titles}. "
            "Check the latest details and try again.",
            "warning",
        )
    if due_on is not None and due_on < today and result.changed:
        flash(f"The new due date, {long_date(due_on)}, is in the past: those actions now show as overdue.")
