"""/people/new and /people/<id>/edit (officers, leads and admins)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from crm.auth.decorators import writer_required
from crm.extensions import db
from crm.models import Organisation, Person
from crm.people import bp
from crm.people.filters import record_id
from crm.people.forms import PersonForm, organisation_select_choices
from crm.services.locking import Difference, EditConflict, differences, ensure_current
from crm.services.people import editing, record
from crm.timezones import london_today

ERASED_MESSAGE = "This person's personal data was erased, so their details cannot be changed."
FIELD_LABELS = {
    "name": "Full name",
    "job_title": "Job title",
    "email": "Email address",
    "phone": "Phone number",
    "organisation": "Organisation",
    "notes": "Notes",
    "do_not_contact": "Do not contact",
}


def _form_data(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "job_title": person.job_title,
        "email": person.email,
        "phone": person.phone,
        "organisation_id": str(person.organisation_id or ""),
        "notes": person.notes,
        "do_not_contact": person.do_not_contact,
    }


def _organisations(form: PersonForm, *, include_id: int | None) -> dict[int, Organisation]:
    """Offer the organisations in the select; the same records turn the submitted id back into one."""
    organisations = editing.organisation_choices(include_id=include_id)
    form.organisation_id.choices = organisation_select_choices(organisations)
    return {org.id: org for org in organisations}


def _details(form: PersonForm, organisations: dict[int, Organisation]) -> editing.PersonDetails:
    chosen = form.organisation_id.data
    return editing.PersonDetails(
        name=form.name.data,
        job_title=form.job_title.data or "",
        email=form.email.data or "",
        phone=form.phone.data or "",
        organisation=organisations.get(record_id(chosen) or 0),
        notes=form.notes.data or "",
        do_not_contact=bool(form.do_not_contact.data),
    )


def _shown(values: Any) -> SimpleNamespace:
    """The fields as the conflict message shows them."""
    return SimpleNamespace(
        **{name: getattr(values, name) for name in FIELD_LABELS if name != "do_not_contact"},
        do_not_contact="Yes" if values.do_not_contact else "No",
    )


@bp.route("/new", methods=["GET", "POST"])
@writer_required
def new() -> str | Response:
    requested = record_id(request.args.get("organisation"))
    form = PersonForm(data={"organisation_id": str(requested or "")})
    organisations = _organisations(form, include_id=None)
    if form.validate_on_submit():
        person = editing.create_person(details=_details(form, organisations), today=london_today())
        db.session.commit()
        flash(f"{person.name} added", "success")
        return redirect(url_for("people.detail", person_id=person.id))
    prefill = organisations.get(requested) if requested is not None else None
    return render_template(
        "people/form.html", page_title="Add a person", form=form, person=None, prefill=prefill, conflict=None
    )


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@writer_required
def edit(person_id: int) -> str | Response:
    person = record.get_person(person_id) or abort(404)
    if person.erased_at is not None:
        flash(ERASED_MESSAGE, "warning")
        return redirect(url_for("people.detail", person_id=person.id))
    form = PersonForm(data=_form_data(person))
    organisations = _organisations(form, include_id=person.organisation_id)
    conflict: list[Difference] | None = None
    if form.validate_on_submit():
        details = _details(form, organisations)
        try:
            ensure_current(person, form.version.data)
            editing.update_person(person, details=details, today=london_today())
            db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            person = record.get_person(person_id) or abort(404)
            if person.erased_at is not None:
                flash(ERASED_MESSAGE, "warning")
                return redirect(url_for("people.detail", person_id=person.id))
            conflict = differences(_shown(person), vars(_shown(details)), FIELD_LABELS)
            form = PersonForm(formdata=None, data=_form_data(person))
            organisations = _organisations(form, include_id=person.organisation_id)
        except editing.PersonErased:
            db.session.rollback()
            flash(ERASED_MESSAGE, "warning")
            return redirect(url_for("people.detail", person_id=person_id))
        else:
            flash(f"{person.name} saved", "success")
            return redirect(url_for("people.detail", person_id=person.id))
    if conflict is not None or not form.is_submitted():
        # A form sent back with errors keeps the version it was opened at, so a later save is
        # still checked against it.
        form.version.data = person.version
    return render_template(
        "people/form.html",
        page_title=f"Change {person.name}",
        form=form,
        person=person,
        prefill=None,
        conflict=conflict,
    )
