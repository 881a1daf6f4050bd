"""/organisations/<id> : the whole relationship on one page."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from crm.models import OUTSTANDING_STATUSES, Classification, Role, User
from crm.organisations import bp
from crm.organisations.forms import ArchiveForm
from crm.organisations.links import elsewhere
from crm.services.organisations.record import organisation_record
from crm.timezones import london_today


@bp.route("/<int:organisation_id>")
@login_required
def show(organisation_id: int) -> str:
    user: User = current_user
    record = organisation_record(organisation_id=organisation_id, user=user) or abort(404)
    organisation = record.organisation
    restore_form = ArchiveForm(formdata=None, data={"version": organisation.version})
    return render_template(
        "organisations/show.html",
        page_title=organisation.name,
        record=record,
        organisation=organisation,
        restore_form=restore_form,
        today=london_today(),
        elsewhere=elsewhere,
        sensitive=Classification.OFFICIAL_SENSITIVE,
        outstanding=OUTSTANDING_STATUSES,
        can_write=user.has_role(Role.OFFICER, Role.LEAD),
        is_admin=user.role == Role.ADMIN,
    )
