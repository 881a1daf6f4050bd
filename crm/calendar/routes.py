"""/calendar/<token>.ics : a user's calendar feed, authorised by the secret token in the URL.

No sign-in, no session and no CSRF (calendar apps fetch it); an unknown or revoked token answers
404 with the same page as any missing URL, so the answer says nothing about whether it existed.
"""

from __future__ import annotations

from flask import Response, abort, request

from crm.calendar import bp
from crm.services import calendar_feed, dashboard


@bp.route("/<token>.ics")
def feed(token: str) -> Response:
    user = calendar_feed.user_for_token(token) or abort(404)
    body = calendar_feed.build_feed(user, now=dashboard.utc_now(), base_url=request.url_root)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="partnership-crm.ics"'
    return response
