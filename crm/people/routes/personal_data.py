"""Personal data (UK GDPR): /people/<id>/export (and .json), /people/<id>/erase (admins), and
/people/retention (leads and admins)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from crm.auth.decorators import admin_required, lead_required
from crm.extensions import db
from crm.models import User
from crm.people import bp
from crm.people.filters import page_argument, record_id
from crm.people.forms import EraseForm
from crm.services.people import personal_data, record


@bp.route("/<int:person_id>/export")
@admin_required
def export(person_id: int) -> str:
    data = personal_data.subject_access(person_id, now=datetime.now(UTC)) or abort(404)
    personal_data.record_export(data.person, export_format="html")
    db.session.commit()
    return render_template(
        "people/export.html", page_title=f"Personal data held about {data.person.name}", data=data
    )


@bp.route("/<int:person_id>/export.json")
@admin_required
def export_json(person_id: int) -> Response:
    data = personal_data.subject_access(person_id, now=datetime.now(UTC)) or abort(404)
    body = json.dumps(personal_data.subject_access_json(data), indent=2, ensure_ascii=False)
    personal_data.record_export(data.person, export_format="json")
    db.session.commit()
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="person-{person_id}-subject-access.json"'},
    )


@bp.route("/<int:person_id>/erase", methods=["GET", "POST"])
@admin_required
def erase(person_id: int) -> str | Response:
    found = record.person_record(person_id, user=current_user) or abort(404)
    person = found.person
    if person.erased_at is not None:
        flash("This person's personal data has already been erased.", "warning")
        return redirect(url_for("people.detail", person_id=person.id))
    form = EraseForm()
    if form.validate_on_submit():
        personal_data.erase_person(person, now=datetime.now(UTC))
        db.session.commit()
        # The message names the placeholder, never the erased name (flash messages sit in a cookie).
        flash(f"Personal data erased. This record is now {person.name}.", "success")
        return redirect(url_for("people.detail", person_id=person_id))
    return render_template(
        "people/erase.html", page_title=f"Erase {person.name}", form=form, record=found, person=person
    )


@bp.route("/retention")
@lead_required
def retention() -> str:
    user: User = current_user
    raw = request.args.get("years", "")
    years = record_id(raw)
    problem = ""
    if years is None or not 1 <= years <= personal_data.RETENTION_YEARS_MAX:
        if raw:
            problem = (
                f"Years must be a whole number from 1 to {personal_data.RETENTION_YEARS_MAX}. "
                f"Showing people with no engagement for {personal_data.RETENTION_YEARS_DEFAULT} years."
            )
        years = personal_data.RETENTION_YEARS_DEFAULT
    page = personal_data.retention_review(
        years=years,
        user=user,
        now=datetime.now(UTC),
        number=page_argument(request.args),
        per_page=current_app.config["CRM_PAGE_SIZE"],
    )
    return render_template(
        "people/retention.html",
        page_title="People to review for retention",
        page=page,
        years=years,
        problem=problem,
        raw_years=raw[:10],
    )
