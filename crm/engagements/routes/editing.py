"""/engagements/new and /engagements/<id>/edit: log a contact (with its follow-up actions), change one.

The form works without JavaScript. Besides "Save", its buttons re-render it with everything typed
kept: "Find" lists organisations matching the search box; "Add selected organisations" adds the
ticked results (and lists their people); "Add another action" adds an empty follow-up row; each
row's "Remove" drops that row. Nothing is saved until "Save".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from crm.auth.decorators import writer_required
from crm.engagements import bp
from crm.engagements.forms import EngagementForm, ids, one_id
from crm.extensions import db
from crm.models import Engagement, Organisation, Person, Role
from crm.services.engagements import changes, checks, records
from crm.services.locking import Difference, EditConflict, ensure_current
from crm.template_helpers import long_date
from crm.timezones import london_today, to_london

# What the submit button pressed asks for (only SAVE saves; the others re-render the form).
SAVE = "save"
FIND = "find"
ADD_ORGANISATIONS = "add-organisations"
ADD_ACTION = "add-action"
REMOVE_ACTION = "remove-action"


def _default_owner() -> str:
    return f"user:{current_user.id}"


def _blank_row() -> dict[str, str]:
    return {"owner": _default_owner(), "chaser_id": str(current_user.id)}


def _intent() -> tuple[str, int | None]:
    """Which button sent the form (pressing Enter sends the first one, "Find": that only re-renders)."""
    if request.method != "POST":
        return "", None
    if "find_organisation" in request.form:
        return FIND, None
    if "add_organisations" in request.form:
        return ADD_ORGANISATIONS, None
    if "add_action" in request.form:
        return ADD_ACTION, None
    if "remove_action" in request.form:
        return REMOVE_ACTION, one_id(request.form.get("remove_action"))
    return SAVE, None


def _formdata_without_row(index: int | None) -> MultiDict[str, str]:
    """The submitted form without one action row (the form renumbers the rows that remain)."""
    data: MultiDict[str, str] = request.form.copy()
    if index is not None:
        prefix = f"actions-{index}-"
        for key in [key for key in data if key.startswith(prefix)]:
            data.poplist(key)
    return data


def _new_values() -> dict[str, Any]:
    """A new contact: a meeting now (London time), by the signed-in officer, pre-filled from the URL."""
    now = to_london(datetime.now(UTC))
    values: dict[str, Any] = {
        "kind": "meeting",
        "date": now.date(),
        "start_time": now.strftime("%H:%M"),
        "officer_ids": [str(current_user.id)],
        "classification": "official",
        "access_team_id": str(current_user.team_id or ""),
        "actions": [_blank_row()],
        "organisation_ids": [],
        "person_ids": [],
    }
    organisation_id = one_id(request.args.get("organisation", ""))
    if organisation_id is not None and (organisation := records.organisation_for_prefill(organisation_id)):
        values["organisation_ids"].append(str(organisation.id))
    person_id = one_id(request.args.get("person", ""))
    if person_id is not None and (person := records.person_for_prefill(person_id)):
        values["person_ids"].append(str(person.id))
        if str(person.organisation_id) not in values["organisation_ids"]:
            values["organisation_ids"].append(str(person.organisation_id))
    return values


def _saved_values(engagement: Engagement) -> dict[str, Any]:
    starts = to_london(engagement.starts_at)
    return {
        "kind": engagement.kind.value,
        "date": starts.date(),
        "start_time": starts.strftime("%H:%M"),
        "end_time": to_london(engagement.ends_at).strftime("%H:%M") if engagement.ends_at else "",
        "title": engagement.title,
        "summary": engagement.summary,
        "organisation_ids": [str(o.id) for o in engagement.organisations],
        "person_ids": [str(p.id) for p in engagement.people],
        "officer_ids": [str(u.id) for u in engagement.officers],
        "ask_ids": [str(a.id) for a in engagement.asks],
        "classification": engagement.classification.value,
        "access_team_id": str(engagement.access_team_id or current_user.team_id or ""),
        "version": engagement.version,
        "actions": [_blank_row()],
    }


def _officer_ids_in(form: EngagementForm) -> list[int]:
    """Officers the form refers to: those ticked, and each row's owner and chaser."""
    found = ids(form.officer_ids.data)
    for entry in form.actions.entries:
        kind, _, value = (entry.form.owner.data or "").partition(":")
        if kind == "user":
            found += ids([value])
        found += ids([entry.form.chaser_id.data])
    return found


@dataclass(frozen=True)
class PersonOption:
    person: Person
    checkbox_id: str


@dataclass(frozen=True)
class PeopleGroup:
    heading: str
    options: list[PersonOption]


def _people_groups(choices: records.FormChoices, selected: set[int]) -> list[PeopleGroup]:
    """People to tick, under their organisation; anyone ticked from elsewhere comes first, so that an
    error about them is next to them (and the error summary's link, #person_ids, reaches them)."""
    chosen = choices.organisations
    elsewhere = [p for p in choices.people.values() if p.id in selected and p.organisation_id not in chosen]
    raw_groups: list[tuple[str, list[Person]]] = []
    if elsewhere:
        raw_groups.append(("People from organisations not on this contact", elsewhere))
    for organisation in choices.sorted_organisations():
        people = [
            p
            for p in choices.people.values()
            if p.organisation_id == organisation.id and (p.erased_at is None or p.id in selected)
        ]
        raw_groups.append((organisation.name, people))
    groups, first = [], True
    for heading, people in raw_groups:
        options = []
        for person in people:
            options.append(PersonOption(person, "person_ids" if first else f"person-{person.id}"))
            first = False
        groups.append(PeopleGroup(heading, options))
    return groups


def _render(
    form: EngagementForm,
    *,
    engagement: Engagement | None,
    choices: records.FormChoices,
    results: list[Organisation],
    searched: bool,
    conflict: Any = None,
) -> str:
    selected_people = set(ids(form.person_ids.data))
    return render_template(
        "engagements/form.html",
        page_title=f"Change contact: {engagement.title}" if engagement else "Log a contact",
        form=form,
        engagement=engagement,
        chosen=choices.sorted_organisations(),
        people_groups=_people_groups(choices, selected_people),
        selected_people=selected_people,
        results=results,
        searched=searched,
        find_limit=records.FIND_LIMIT,
        can_choose_team=current_user.role == Role.ADMIN,
        max_rows=checks.MAX_ACTION_ROWS,
        max_organisations=checks.MAX_ORGANISATIONS,
        existing_actions=records.engagement_actions(engagement, user=current_user) if engagement else [],
        conflict=conflict,
    )


def _load(
    form: EngagementForm, engagement: Engagement | None, *, every_officer: bool = True
) -> records.FormChoices:
    choices = records.load_form_choices(
        organisation_ids=ids(form.organisation_ids.data),
        person_ids=ids(form.person_ids.data),
        officer_ids=_officer_ids_in(form),
        engagement=engagement,
        include_teams=current_user.role == Role.ADMIN,
        every_officer=every_officer,
    )
    form.offer(
        organisations=choices.sorted_organisations(),
        officers=choices.sorted_officers(),
        asks=choices.asks,
        teams=choices.teams,
    )
    return choices


def _display(
    *,
    title: str,
    kind: str,
    starts_at: datetime,
    summary: str,
    classification: str,
    organisations: list[str],
    people: list[str],
    officers: list[str],
) -> dict[str, str]:
    """An engagement's values as shown in the conflict table."""
    return {
        "Title": title,
        "Kind": kind,
        "Date and time": f"{long_date(starts_at)} {to_london(starts_at):%H:%M}",
        "Summary or minutes": summary,
        "Classification": classification,
        "Organisations": ", ".join(sorted(organisations)),
        "People": ", ".join(sorted(people)),
        "Officers": ", ".join(sorted(officers)),
    }


def _submitted_display(submission: checks.Submission, details: checks.EngagementDetails) -> dict[str, str]:
    return _display(
        title=submission.title,
        kind=submission.kind.label,
        starts_at=details.starts_at,
        summary=submission.summary,
        classification=submission.classification.label,
        organisations=[o.name for o in details.organisations],
        people=[p.name for p in details.people] + ([details.new_person.name] if details.new_person else []),
        officers=[u.name for u in details.officers],
    )


def _conflict(engagement_id: int, yours: dict[str, str]) -> tuple[Engagement, list[Difference]]:
    """After a refused edit: the saved engagement and where it differs from what was submitted."""
    db.session.rollback()
    saved = records.get_engagement(engagement_id, user=current_user) or abort(404)
    theirs = _display(
        title=saved.title,
        kind=saved.kind.label,
        starts_at=saved.starts_at,
        summary=saved.summary,
        classification=saved.classification.label,
        organisations=[o.name for o in saved.organisations],
        people=[p.name for p in saved.people],
        officers=[u.name for u in saved.officers],
    )
    differences = [
        Difference(label=label, theirs=theirs[label], yours=yours[label])
        for label in theirs
        if theirs[label] != yours[label]
    ]
    return saved, differences


def _handle(engagement: Engagement | None) -> str | Response:
    intent, remove_index = _intent()
    if not intent:
        values = _saved_values(engagement) if engagement else _new_values()
        form = EngagementForm(formdata=None, **values)
    else:
        formdata = _formdata_without_row(remove_index) if intent == REMOVE_ACTION else request.form
        form = EngagementForm(formdata=formdata)
        if intent == ADD_ACTION and len(form.actions.entries) < checks.MAX_ACTION_ROWS:
            form.actions.append_entry(_blank_row())
    # A save needs only the officers it names; the form, shown again, offers every officer.
    choices = _load(form, engagement, every_officer=intent != SAVE)

    results: list[Organisation] = []
    query = form.organisation_query.data or ""
    if intent == FIND and not query:
        form.organisation_query.errors = ["Enter part of an organisation's name to find it"]
    if intent and query:
        results = records.find_organisations(query=query[:200], exclude_ids=list(choices.organisations))
    if intent == SAVE:
        saved = _save(form, engagement=engagement, choices=choices)
        if isinstance(saved, Response):
            return saved
        if saved is not None:  # an edit conflict: show the saved version
            engagement, conflict = saved
            form = EngagementForm(formdata=None, **_saved_values(engagement))
            choices = _load(form, engagement)
            return _render(
                form, engagement=engagement, choices=choices, results=[], searched=False, conflict=conflict
            )
        choices = _load(form, engagement)  # not saved: the problems are shown on the whole form
    return _render(
        form, engagement=engagement, choices=choices, results=results, searched=bool(intent and query)
    )


def _save(
    form: EngagementForm, *, engagement: Engagement | None, choices: records.FormChoices
) -> Response | tuple[Engagement, list[Difference]] | None:
    """Save when everything checks out: a redirect; an edit conflict: (saved engagement, differences);
    otherwise None, with the problems shown on the form."""
    default_owner = _default_owner()
    fields_valid = form.validate(default_owner=default_owner)
    submission = form.submission(default_owner=default_owner)
    today = london_today()
    details, problems = checks.build_details(
        submission, choices=choices, editor=current_user, today=today, engagement=engagement
    )
    form.report(problems)
    if not fields_valid or problems or details is None:
        return None
    if engagement is None:
        engagement = changes.create_engagement(details=details, created_by=current_user, today=today)
        db.session.commit()
        count = len(details.actions)
        follow_ups = f" with {count} follow-up {'action' if count == 1 else 'actions'}" if count else ""
        flash(f"Contact logged{follow_ups}: {engagement.title}", "success")
        return redirect(url_for("engagements.detail", engagement_id=engagement.id))
    engagement_id = engagement.id
    yours = _submitted_display(submission, details)
    try:
        ensure_current(engagement, form.version.data)
        changes.update_engagement(engagement, details=details, editor=current_user, today=today)
        db.session.commit()
    except (EditConflict, StaleDataError):
        return _conflict(engagement_id, yours)
    flash("Contact saved", "success")
    return redirect(url_for("engagements.detail", engagement_id=engagement_id))


@bp.route("/new", methods=["GET", "POST"])
@writer_required
def new() -> str | Response:
    """Log a contact."""
    return _handle(None)


@bp.route("/<int:engagement_id>/edit", methods=["GET", "POST"])
@writer_required
def edit(engagement_id: int) -> str | Response:
    """Change a contact (optimistic locking: an edit on an old version is refused, nothing saved)."""
    engagement = records.get_engagement(engagement_id, user=current_user) or abort(404)
    return _handle(engagement)
