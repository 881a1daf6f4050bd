"""Calendar feeds: /calendar/<token>.ics, authorised by a secret token instead of the session."""

from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

from crm.calendar import routes  # noqa: E402,F401  (routes register themselves on bp)
