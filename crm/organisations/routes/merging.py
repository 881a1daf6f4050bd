"""/organisations/<id>/merge and /organisations/merge : an admin merges a duplicate, after confirming."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from crm.auth.decorators import admin_required
from crm.extensions import db
from crm.models import Organisation
from crm.organisations import bp
from crm.organisations.forms import MergeChoiceForm, MergeConfirmForm, organisation_choices
from crm.services.locking import EditConflict, ensure_current
from crm.services.organisations import editing, merging


@bp.route("/<int:organisation_id>/merge", methods=["GET", "POST"])
@admin_required
def merge(organisation_id: int) -> str | Response:
    organisation = editing.find_organisation(organisation_id) or abort(404)
    form = MergeChoiceForm()
    form.other_id.choices = organisation_choices(
        editing.parent_choices(exclude_id=organisation.id, keep_id=None), "Select an organisation"
    )
    form.keep.choices = [
        SelectChoice("this", f"Keep {organisation.name}"),
        SelectChoice("other", "Keep the other organisation"),
    ]
    if form.validate_on_submit():
        other = editing.find_organisation(int(form.other_id.data)) or abort(404)
        survivor, loser = (organisation, other) if form.keep.data == "this" else (other, organisation)
        try:
            merging.check_merge(survivor=survivor, loser=loser)
        except merging.MergeError as error:
            form.keep.errors = [str(error)]
        else:
            return _confirmation(survivor, loser)
    return render_template(
        "organisations/merge.html",
        page_title=f"Merge {organisation.name}",
        organisation=organisation,
        form=form,
    )


@bp.route("/merge", methods=["POST"])
@admin_required
def merge_confirmed() -> str | Response:
    form = MergeConfirmForm()
    if not form.validate_on_submit() or not (form.survivor_id.data or "").isdigit():
        abort(400)
    survivor = editing.find_organisation(int(form.survivor_id.data)) or abort(404)
    loser = editing.find_organisation(int(form.loser_id.data or 0)) or abort(404)
    try:
        ensure_current(survivor, form.survivor_version.data)
        ensure_current(loser, form.loser_version.data)
        summary = merging.merge_organisations(survivor=survivor, loser=loser, now=datetime.now(UTC))
        db.session.commit()
    except merging.MergeError as error:
        db.session.rollback()
        flash(str(error), "important")
        return redirect(url_for("organisations.show", organisation_id=loser.id))
    except (EditConflict, StaleDataError):
        db.session.rollback()
        survivor = editing.find_organisation(survivor.id) or abort(404)
        loser = editing.find_organisation(loser.id) or abort(404)
        return _confirmation(survivor, loser, conflict=True)
    flash(
        f"{loser.name} merged into {survivor.name}: {summary.people} people, "
        f"{summary.engagements} engagements and {summary.actions} actions moved. {loser.name} is now "
        f"archived and is another name of {survivor.name}.",
        "success",
    )
    return redirect(url_for("organisations.show", organisation_id=survivor.id))


def _confirmation(survivor: Organisation, loser: Organisation, *, conflict: bool = False) -> str:
    form = MergeConfirmForm(
        formdata=None,
        data={
            "survivor_id": survivor.id,
            "loser_id": loser.id,
            "survivor_version": survivor.version,
            "loser_version": loser.version,
        },
    )
    return render_template(
        "organisations/merge_confirm.html",
        page_title=f"Merge {loser.name} into {survivor.name}",
        survivor=survivor,
        loser=loser,
        preview=merging.merge_preview(survivor=survivor, loser=loser),
        form=form,
        conflict=conflict,
    )
