"""/engagements/<id>: one contact, everyone involved and the actions it raised."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from crm.engagements import bp
from crm.extensions import db
from crm.models import Classification
from crm.services.access import record_sensitive_read
from crm.services.engagements import records
from crm.timezones import london_today


@bp.route("/<int:engagement_id>")
@login_required
def detail(engagement_id: int) -> str:
    """404 when the engagement does not exist or is outside the user's access group."""
    engagement = records.get_engagement(engagement_id, user=current_user) or abort(404)
    actions = records.engagement_actions(engagement, user=current_user)
    highest = Classification.highest([engagement.classification, *(a.classification for a in actions)])
    html = render_template(
        "engagements/detail.html",
        page_title=engagement.title,
        engagement=engagement,
        actions=actions,
        highest=highest,
        today=london_today(),
    )
    # Reads of OFFICIAL-SENSITIVE records are audited (committed after rendering: a commit expires
    # the loaded records, and the template would load them again).
    if engagement.classification == Classification.OFFICIAL_SENSITIVE:
        record_sensitive_read(engagement)
        db.session.commit()
    return html
