"""/history/<kind>/<id>: the audit trail of one record, for anyone who may read the record."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_login import current_user, login_required

from crm.history import bp
from crm.services import audit_log
from crm.services.pagination import page_number


@bp.route("/<kind>/<int:record_id>")
@login_required
def record(kind: str, record_id: int) -> str:
    subject = audit_log.history_subject(kind=kind, record_id=record_id, user=current_user)
    if subject is None:
        abort(404)
    page = audit_log.record_history(
        subject=subject, number=page_number(request.args), per_page=current_app.config["CRM_PAGE_SIZE"]
    )
    return render_template(
        "history/record.html", page_title=f"History of {subject.title}", subject=subject, page=page
    )
