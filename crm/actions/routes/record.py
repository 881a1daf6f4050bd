"""/actions/<id> : one action, its history and updates; complete, reopen, change status, comment."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from crm.actions import bp
from crm.actions.forms import CompleteForm, ReopenForm, StatusForm, UpdateForm
from crm.auth.decorators import writer_required
from crm.extensions import db
from crm.models import Action, ActionStatus
from crm.services.access import can_read, record_sensitive_read
from crm.services.actions import changes, records
from crm.services.locking import EditConflict, differences, ensure_current
from crm.timezones import london_today


def _action_or_404(action_id: int) -> Action:
    """The action, or 404 whether it does not exist or is outside the user's access scope."""
    return records.get_action(action_id, user=current_user) or abort(404)


@bp.route("/<int:action_id>")
@login_required
def detail(action_id: int) -> str:
    action = _action_or_404(action_id)
    record_sensitive_read(action)
    db.session.commit()
    return _render_detail(action)


def _render_detail(action: Action, *, error_form: Any = None, conflict: Any = None, **forms: Any) -> str:
    forms.setdefault("update_form", UpdateForm(formdata=None))
    forms.setdefault("status_form", StatusForm(formdata=None))
    forms.setdefault("complete_form", CompleteForm(formdata=None))
    forms.setdefault("reopen_form", ReopenForm(formdata=None))
    context: dict[str, Any] = {"form": error_form} if error_form is not None else {}
    return render_template(
        "actions/detail.html",
        page_title=action.title,
        action=action,
        history=records.status_history(action),
        # An official action can come from a sensitive engagement: then not even its title shows.
        engagement_visible=action.engagement is not None and can_read(action.engagement, current_user),
        today=london_today(),
        note_required=changes.completion_note_required(),
        conflict=conflict,
        **forms,
        **context,
    )


def _status_conflict(action_id: int, attempted: ActionStatus) -> str:
    db.session.rollback()
    action = _action_or_404(action_id)
    conflict = differences(action, {"status": attempted}, {"status": "Status"})
    return _render_detail(action, conflict=conflict)


@bp.route("/<int:action_id>/updates", methods=["POST"])
@writer_required
def add_update(action_id: int) -> str | Response:
    action = _action_or_404(action_id)
    form = UpdateForm()
    if not form.validate():
        return _render_detail(action, error_form=form, update_form=form)
    changes.add_update(action, author=current_user, body=form.body.data)
    db.session.commit()
    flash("Update added", "success")
    return redirect(url_for("actions.detail", action_id=action_id, _anchor="updates"))


@bp.route("/<int:action_id>/status", methods=["POST"])
@writer_required
def change_status(action_id: int) -> str | Response:
    action = _action_or_404(action_id)
    form = StatusForm()
    if not form.validate():
        return _render_detail(action, error_form=form, status_form=form)
    status = ActionStatus(form.status.data)
    try:
        ensure_current(action, form.version.data)
        changes.change_status(action, status=status, today=london_today())
        db.session.commit()
    except (EditConflict, StaleDataError):
        return _status_conflict(action_id, status)
    flash(f"Status changed to {status.label.lower()}", "success")
    return redirect(url_for("actions.detail", action_id=action_id))


@bp.route("/<int:action_id>/complete", methods=["POST"])
@writer_required
def complete(action_id: int) -> str | Response:
    action = _action_or_404(action_id)
    form = CompleteForm()
    if not form.validate():
        return _render_detail(action, error_form=form, complete_form=form)
    try:
        ensure_current(action, form.version.data)
        changes.complete_action(action, note=form.note.data or "", today=london_today())
        db.session.commit()
    except changes.ActionError as error:
        db.session.rollback()
        form.note.errors = [error.message]
        return _render_detail(_action_or_404(action_id), error_form=form, complete_form=form)
    except (EditConflict, StaleDataError):
        return _status_conflict(action_id, ActionStatus.DONE)
    flash("Action completed", "success")
    return redirect(url_for("actions.detail", action_id=action_id))


@bp.route("/<int:action_id>/reopen", methods=["POST"])
@writer_required
def reopen(action_id: int) -> str | Response:
    action = _action_or_404(action_id)
    form = ReopenForm()
    if not form.validate():
        return _render_detail(action)
    try:
        ensure_current(action, form.version.data)
        changes.reopen_action(action)
        db.session.commit()
    except changes.ActionError as error:
        db.session.rollback()
        flash(error.message)
        return redirect(url_for("actions.detail", action_id=action_id))
    except (EditConflict, StaleDataError):
        return _status_conflict(action_id, ActionStatus.OPEN)
    flash("Action reopened", "success")
    return redirect(url_for("actions.detail", action_id=action_id))
