"""/organisations/new, /<id>/edit, /<id>/archive, /<id>/restore (officers, leads and admins)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from crm.auth.decorators import writer_required
from crm.extensions import db
from crm.models import AliasKind, Organisation, RelationshipStatus, Sector
from crm.organisations import bp
from crm.organisations.forms import (
    ArchiveForm,
    OrganisationForm,
    lines,
    organisation_choices,
    tag_names,
    user_choices,
)
from crm.services.locking import Difference, EditConflict, differences, ensure_current
from crm.services.organisations import duplicates, editing, listing

FIELD_LABELS = {
    "name": "Name",
    "other_names": "Other names",
    "former_names": "Former names",
    "sector": "Sector",
    "sub_type": "Type",
    "relationship_status": "Relationship status",
    "country": "Country",
    "website": "Website",
    "summary": "Summary",
    "tags": "Tags",
    "lead_officer": "Lead officer",
    "parent": "Part of",
}


@bp.route("/new", methods=["GET", "POST"])
@writer_required
def new() -> str | Response:
    form = OrganisationForm(data={"name": request.args.get("name", "")[:200]})
    _set_choices(form, organisation=None)
    likely: list[duplicates.DuplicateCandidate] = []
    if form.validate_on_submit():
        details = _details(form)
        if not form.create_anyway.data:
            likely = duplicates.likely_duplicates(
                names=[details.name, *details.other_names, *details.former_names]
            )
        if not likely:
            try:
                organisation = editing.create_organisation(details=details)
            except editing.OrganisationError as error:
                db.session.rollback()
                getattr(form, error.field).errors = [error.message]
            else:
                db.session.commit()
                flash(f"{organisation.name} added", "success")
                return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template(
        "organisations/form.html",
        page_title="Add an organisation",
        form=form,
        organisation=None,
        duplicates=likely,
        conflict=None,
    )


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@writer_required
def edit(organisation_id: int) -> str | Response:
    organisation = editing.get_organisation(organisation_id) or abort(404)
    form = OrganisationForm(data=_form_data(organisation))
    _set_choices(form, organisation=organisation)
    conflict: list[Difference] | None = None
    if form.validate_on_submit():
        details = _details(form)
        try:
            ensure_current(organisation, form.version.data)
            editing.update_organisation(organisation, details=details)
            db.session.commit()
        except editing.OrganisationError as error:
            db.session.rollback()
            organisation = editing.get_organisation(organisation_id) or abort(404)
            getattr(form, error.field).errors = [error.message]
        except (EditConflict, StaleDataError):
            db.session.rollback()
            organisation = editing.get_organisation(organisation_id) or abort(404)
            conflict = differences(_saved(organisation), _submitted(form, details), FIELD_LABELS)
            form = OrganisationForm(formdata=None, data=_form_data(organisation))
            _set_choices(form, organisation=organisation)
        else:
            flash(f"{organisation.name} updated", "success")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template(
        "organisations/form.html",
        page_title=f"Change {organisation.name}",
        form=form,
        organisation=organisation,
        duplicates=[],
        conflict=conflict,
    )


@bp.route("/<int:organisation_id>/archive", methods=["GET", "POST"])
@writer_required
def archive(organisation_id: int) -> str | Response:
    organisation = editing.find_organisation(organisation_id) or abort(404)
    form = ArchiveForm(data={"version": organisation.version})
    conflict = False
    if form.validate_on_submit():
        try:
            ensure_current(organisation, form.version.data)
            editing.archive_organisation(organisation, now=datetime.now(UTC))
            db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            organisation = editing.find_organisation(organisation_id) or abort(404)
            form = ArchiveForm(formdata=None, data={"version": organisation.version})
            conflict = True
        else:
            flash(
                f"{organisation.name} archived. It no longer shows in the list unless you ask for archived "
                "organisations.",
                "success",
            )
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template(
        "organisations/archive.html",
        page_title=f"Archive {organisation.name}",
        organisation=organisation,
        form=form,
        conflict=conflict,
    )


@bp.route("/<int:organisation_id>/restore", methods=["POST"])
@writer_required
def restore(organisation_id: int) -> Response:
    organisation = editing.find_organisation(organisation_id) or abort(404)
    form = ArchiveForm()
    try:
        if not form.validate_on_submit():
            raise EditConflict(organisation)
        ensure_current(organisation, form.version.data)
        editing.restore_organisation(organisation)
        db.session.commit()
    except (EditConflict, StaleDataError):
        db.session.rollback()
        flash("Someone else changed this organisation at the same time. Check it and try again.", "important")
    else:
        flash(f"{organisation.name} restored", "success")
    return redirect(url_for("organisations.show", organisation_id=organisation_id))


def _set_choices(form: OrganisationForm, *, organisation: Organisation | None) -> None:
    officers = listing.lead_officer_choices()
    current_lead = organisation.lead_officer if organisation is not None else None
    if current_lead is not None and current_lead not in officers:
        officers.append(current_lead)  # a leaver stays selected until someone changes it
    form.lead_officer_id.choices = user_choices(officers, "No lead officer")
    form.parent_id.choices = organisation_choices(
        editing.parent_choices(
            exclude_id=organisation.id if organisation else None,
            keep_id=organisation.parent_id if organisation else None,
        ),
        "Not part of another organisation",
    )


def _details(form: OrganisationForm) -> editing.OrganisationDetails:
    return editing.OrganisationDetails(
        name=form.name.data,
        sector=Sector(form.sector.data),
        sub_type=form.sub_type.data or "",
        relationship_status=RelationshipStatus(form.relationship_status.data),
        country=form.country.data or "",
        website=form.website.data or "",
        summary=form.summary.data or "",
        other_names=lines(form.other_names.data),
        former_names=lines(form.former_names.data),
        tag_names=tag_names(form.tags.data),
        lead_officer_id=int(form.lead_officer_id.data) if form.lead_officer_id.data else None,
        parent_id=int(form.parent_id.data) if form.parent_id.data else None,
    )


def _form_data(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "other_names": "\n".join(a.name for a in organisation.aliases if a.kind == AliasKind.ALIAS),
        "former_names": "\n".join(a.name for a in organisation.aliases if a.kind == AliasKind.FORMER),
        "sector": organisation.sector.value,
        "sub_type": organisation.sub_type,
        "relationship_status": organisation.relationship_status.value,
        "country": organisation.country,
        "website": organisation.website,
        "summary": organisation.summary,
        "tags": ", ".join(tag.name for tag in organisation.tags),
        "lead_officer_id": str(organisation.lead_officer_id or ""),
        "parent_id": str(organisation.parent_id or ""),
        "version": organisation.version,
    }


def _saved(organisation: Organisation) -> SimpleNamespace:
    """The saved record in the shape the form edits, for the conflict message."""
    return SimpleNamespace(
        name=organisation.name,
        other_names=[a.name for a in organisation.aliases if a.kind == AliasKind.ALIAS],
        former_names=[a.name for a in organisation.aliases if a.kind == AliasKind.FORMER],
        sector=organisation.sector,
        sub_type=organisation.sub_type,
        relationship_status=organisation.relationship_status,
        country=organisation.country,
        website=organisation.website,
        summary=organisation.summary,
        tags=[tag.name for tag in organisation.tags],
        lead_officer=organisation.lead_officer.name if organisation.lead_officer else None,
        parent=organisation.parent.name if organisation.parent else None,
    )


def _submitted(form: OrganisationForm, details: editing.OrganisationDetails) -> dict[str, Any]:
    def chosen(field: Any) -> str | None:
        return next((c.label for c in field.iter_choices() if c.selected and c.value), None)

    return {
        "name": details.name,
        "other_names": list(details.other_names),
        "former_names": list(details.former_names),
        "sector": details.sector,
        "sub_type": details.sub_type,
        "relationship_status": details.relationship_status,
        "country": details.country,
        "website": details.website,
        "summary": details.summary,
        "tags": list(details.tag_names),
        "lead_officer": chosen(form.lead_officer_id),
        "parent": chosen(form.parent_id),
    }
