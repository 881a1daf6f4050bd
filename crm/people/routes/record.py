"""/people/<id> : a person's contact details, organisation history, engagements and actions."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from crm.models import Classification, Role, User
from crm.people import bp
from crm.services.people import record


@bp.route("/<int:person_id>")
@login_required
def detail(person_id: int) -> str:
    user: User = current_user
    found = record.person_record(person_id, user=user) or abort(404)
    highest = Classification.highest(
        [e.classification for e in found.engagements] + [a.classification for a in found.actions]
    )
    return render_template(
        "people/detail.html",
        page_title=found.person.name,
        record=found,
        person=found.person,
        highest=highest,
        can_write=user.can_write and found.person.erased_at is None,
        is_admin=user.role == Role.ADMIN,
    )
