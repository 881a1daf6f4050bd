"""/actions/new and /actions/<id>/edit : standalone actions and changes to any action."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from crm.actions import bp
from crm.actions.forms import (
    ActionForm,
    ask_select_choices,
    officer_choices,
    organisation_select_choices,
    person_select_choices,
)
from crm.auth.decorators import writer_required
from crm.extensions import db
from crm.models import Action, Ask, Classification, Organisation, Person, Priority, User
from crm.services.actions import changes, listing, records
from crm.services.locking import EditConflict, differences, ensure_current
from crm.template_helpers import long_date
from crm.timezones import london_today

ACTION_FIELDS = {
    "title": "What needs to be done",
    "description": "More detail",
    "owner_user": "Officer who owes it",
    "owner_organisation": "Organisation that owes it",
    "owner_person": "Person there",
    "chaser": "Officer who chases it",
    "due_on": "Due date",
    "priority": "Priority",
    "organisations": "Organisations",
    "classification": "Classification",
}


@dataclass
class _Choices:
    """The records the form's selects offer, by id (loaded once; no query per option)."""

    officers: dict[int, User] = field(default_factory=dict)
    organisations: dict[int, Organisation] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    asks: dict[int, Ask] = field(default_factory=dict)

    @classmethod
    def load(cls, action: Action | None = None) -> _Choices:
        choices = cls(
            officers={u.id: u for u in listing.assignable_officers()},
            organisations={o.id: o for o in records.organisation_choices()},
            people={p.id: p for p in records.person_choices()},
            asks={a.id: a for a in records.ask_choices()},
        )
        if action is not None:  # a leaver or an archived organisation still shows on its actions
            for user in (action.owner_user, action.chaser):
                if user is not None:
                    choices.officers.setdefault(user.id, user)
            for organisation in [action.owner_organisation, *action.organisations]:
                if organisation is not None:
                    choices.organisations.setdefault(organisation.id, organisation)
            if action.owner_person is not None and action.owner_person.organisation is not None:
                choices.people.setdefault(action.owner_person.id, action.owner_person)
        return choices

    def apply(self, form: ActionForm) -> None:
        officers = sorted(self.officers.values(), key=lambda u: (u.name.lower(), u.id))
        organisations = sorted(self.organisations.values(), key=lambda o: (o.name.lower(), o.id))
        form.owner_user_id.choices = officer_choices(officers)
        form.chaser_id.choices = officer_choices(officers)
        form.owner_organisation_id.choices = organisation_select_choices(organisations)
        form.owner_person_id.choices = person_select_choices(self.people.values())
        form.ask_id.choices = ask_select_choices(self.asks.values())
        form.organisation_ids.choices = organisation_select_choices(organisations)[1:]

    def details(self, form: ActionForm) -> changes.ActionDetails:
        partner = form.owed_by.data == "partner"

        def pick(table: dict[int, Any], value: str | None) -> Any:
            return table.get(int(value)) if value and value.isdigit() else None

        return changes.ActionDetails(
            title=form.title.data,
            description=form.description.data or "",
            owner_user=None if partner else pick(self.officers, form.owner_user_id.data),
            owner_organisation=pick(self.organisations, form.owner_organisation_id.data) if partner else None,
            owner_person=pick(self.people, form.owner_person_id.data) if partner else None,
            chaser=pick(self.officers, form.chaser_id.data) if partner else None,
            due_on=form.due_on.data,
            priority=Priority(form.priority.data),
            ask=pick(self.asks, form.ask_id.data),
            organisations=[
                o for o in (pick(self.organisations, v) for v in form.organisation_ids.data or []) if o
            ],
            classification=Classification(form.classification.data),
        )


def _form_values(action: Action) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "owed_by": "partner" if action.owed_by_partner else "us",
        "owner_user_id": str(action.owner_user_id or ""),
        "owner_organisation_id": str(action.owner_organisation_id or ""),
        "owner_person_id": str(action.owner_person_id or ""),
        "chaser_id": str(action.chaser_id or ""),
        "due_on": action.due_on,
        "priority": action.priority.value,
        "ask_id": str(action.ask_id or ""),
        "organisation_ids": [str(o.id) for o in action.organisations],
        "classification": action.classification.value,
    }


def _report_problems(form: ActionForm, problems: list[changes.ActionError]) -> None:
    for problem in problems:
        form[problem.field].errors = [*form[problem.field].errors, problem.message]


def _warn_if_past(due_on: date | None) -> None:
    """A past due date is allowed (records catching up), but the officer is told after saving."""
    if due_on is not None and due_on < london_today():
        flash(
            f"The due date, {long_date(due_on)}, is in the past, so this action shows as overdue. "
            "If that is a mistake, change the due date.",
            "warning",
        )


@bp.route("/new", methods=["GET", "POST"])
@writer_required
def new() -> str | Response:
    choices = _Choices.load()
    prefill = _prefill_organisation(choices)
    form = ActionForm(
        owner_user_id=str(current_user.id),
        chaser_id=str(current_user.id),
        organisation_ids=[str(prefill.id)] if prefill else [],
        owner_organisation_id=str(prefill.id) if prefill else "",
    )
    choices.apply(form)
    if form.validate_on_submit():
        details = choices.details(form)
        problems = changes.check_details(details, editor=current_user)
        if not problems:
            action = changes.create_action(details=details, created_by=current_user)
            db.session.commit()
            flash(f"Action added: {action.title}", "success")
            _warn_if_past(action.due_on)
            return redirect(url_for("actions.detail", action_id=action.id))
        _report_problems(form, problems)
    return render_template(
        "actions/form.html",
        page_title="Add an action",
        form=form,
        action=None,
        prefill=prefill,
        conflict=None,
    )


def _prefill_organisation(choices: _Choices) -> Organisation | None:
    value = request.args.get("organisation", "")
    return choices.organisations.get(int(value)) if value.isdigit() and len(value) <= 9 else None


@bp.route("/<int:action_id>/edit", methods=["GET", "POST"])
@writer_required
def edit(action_id: int) -> str | Response:
    action = records.get_action(action_id, user=current_user) or abort(404)
    choices = _Choices.load(action)
    form = ActionForm(**_form_values(action))
    choices.apply(form)
    conflict = None
    if form.validate_on_submit():
        details = choices.details(form)
        problems = changes.check_details(details, editor=current_user, action=action)
        if problems:
            _report_problems(form, problems)
        else:
            due_before = action.due_on
            try:
                ensure_current(action, form.version.data)
                changes.update_action(action, details=details, editor=current_user)
                db.session.commit()
            except (EditConflict, StaleDataError):
                db.session.rollback()
                action = records.get_action(action_id, user=current_user) or abort(404)
                conflict = differences(action, vars(details), ACTION_FIELDS)
                form = ActionForm(formdata=None, **_form_values(action))
                choices = _Choices.load(action)
                choices.apply(form)
            else:
                flash("Action saved", "success")
                if action.due_on != due_before:
                    _warn_if_past(action.due_on)
                return redirect(url_for("actions.detail", action_id=action.id))
    form.version.data = action.version
    return render_template(
        "actions/form.html",
        page_title=f"Change action: {action.title}",
        form=form,
        action=action,
        prefill=None,
        conflict=conflict,
    )
