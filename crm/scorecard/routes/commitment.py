"""/scorecard/<organisation>/<ask>: one cell (history, evidence, update), and /scorecard/review."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from crm.auth.decorators import writer_required
from crm.extensions import db
from crm.models import Ask, Commitment, CommitmentStatus, Organisation
from crm.scorecard import bp
from crm.scorecard.forms import CommitmentForm
from crm.services.frameworks import get_ask
from crm.services.locking import Difference, EditConflict, differences, ensure_current
from crm.services.organisations.editing import find_organisation
from crm.services.scorecard import commitments
from crm.services.scorecard.matrix import REVIEW_DUE_AFTER_DAYS, is_review_due
from crm.timezones import london_today

COMMITMENT_FIELDS = {"status": "Status", "notes": "Notes", "last_reviewed_on": "Date last reviewed"}
# The engagement page's endpoint, whichever name the contact log gives it.
ENGAGEMENT_ENDPOINTS = ("engagements.detail", "engagements.show")
MAX_ID_DIGITS = 9


def engagement_url(engagement_id: int) -> str | None:
    """A link to an engagement's own page, once the contact log provides one."""
    for endpoint in ENGAGEMENT_ENDPOINTS:
        try:
            return url_for(endpoint, engagement_id=engagement_id)
        except BuildError:
            continue
    return None


def _cell(organisation_id: int, ask_id: int) -> tuple[Organisation, Ask]:
    organisation = find_organisation(organisation_id) or abort(404)
    ask = get_ask(ask_id=ask_id) or abort(404)
    return organisation, ask


def _form_for(record: Commitment | None) -> CommitmentForm:
    """The update form showing the saved position, reviewed today unless changed."""
    form = CommitmentForm(
        formdata=None,
        data={
            "status": (record.status if record else CommitmentStatus.NOT_ENGAGED).value,
            "notes": record.notes if record else "",
            "last_reviewed_on": london_today(),
            "version": str(record.version) if record else "",
        },
    )
    return form


def _render(
    organisation: Organisation,
    ask: Ask,
    record: Commitment | None,
    form: CommitmentForm | None,
    conflict: list[Difference] | None = None,
) -> str:
    evidence = commitments.evidence(
        organisation_id=organisation.id, ask_id=ask.id, user=current_user, now=datetime.now(UTC)
    )
    context: dict[str, Any] = {}
    if form is not None:
        context["form"] = form
    return render_template(
        "scorecard/commitment.html",
        page_title=f"{organisation.name}: ask {ask.position} of {ask.framework.name}",
        organisation=organisation,
        ask=ask,
        commitment=record,
        status=record.status if record else CommitmentStatus.NOT_ENGAGED,
        review_due=is_review_due(record, today=london_today()),
        review_due_after_days=REVIEW_DUE_AFTER_DAYS,
        history=commitments.status_history(commitment=record),
        evidence=evidence,
        marking=commitments.highest_marking(evidence),
        conflict=conflict,
        engagement_url=engagement_url,
        **context,
    )


@bp.get("/<int:organisation_id>/<int:ask_id>")
@login_required
def commitment(organisation_id: int, ask_id: int) -> str:
    organisation, ask = _cell(organisation_id, ask_id)
    record = commitments.get_commitment(organisation_id=organisation.id, ask_id=ask.id)
    form = _form_for(record) if current_user.can_write else None
    return _render(organisation, ask, record, form)


@bp.post("/<int:organisation_id>/<int:ask_id>")
@writer_required
def update_commitment(organisation_id: int, ask_id: int) -> str | Response:
    organisation, ask = _cell(organisation_id, ask_id)
    record = commitments.get_commitment(organisation_id=organisation.id, ask_id=ask.id)
    form = CommitmentForm()
    reviewed = form.last_reviewed_on.data
    # The form requires the date; the isinstance check also tells the type checker so.
    if not form.validate() or not isinstance(reviewed, date):
        return _render(organisation, ask, record, form)
    status, notes = CommitmentStatus(form.status.data), form.notes.data or ""
    submitted = {"status": status, "notes": notes, "last_reviewed_on": reviewed}
    try:
        if record is not None:
            ensure_current(record, form.version.data)
        commitments.save_commitment(
            organisation=organisation,
            ask=ask,
            commitment=record,
            status=status,
            notes=notes,
            last_reviewed_on=reviewed,
        )
        db.session.commit()
    except (EditConflict, StaleDataError, IntegrityError):
        # Someone else saved (or first recorded) this position after the form was opened.
        db.session.rollback()
        record = commitments.get_commitment(organisation_id=organisation.id, ask_id=ask.id)
        conflict = differences(record, submitted, COMMITMENT_FIELDS) if record else []
        return _render(organisation, ask, record, _form_for(record), conflict=conflict)
    saved = f"{organisation.name}’s position on ask {ask.position} saved: {status.label}"  # noqa: RUF001
    flash(saved, "success")
    return redirect(url_for("scorecard.commitment", organisation_id=organisation.id, ask_id=ask.id))


@bp.get("/review")
@login_required
def review() -> str:
    """After logging an engagement: each technology company x ask it touched, to update the scorecard."""
    value = request.args.get("engagement", "").strip()
    if not value.isdigit() or len(value) > MAX_ID_DIGITS:
        abort(404)
    engagement = commitments.get_visible_engagement(engagement_id=int(value), user=current_user) or abort(404)
    return render_template(
        "scorecard/review.html",
        page_title="Update the scorecard after an engagement",
        engagement=engagement,
        pairs=commitments.review_pairs(engagement=engagement),
        engagement_url=engagement_url,
    )
