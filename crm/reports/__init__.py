"""Reports for leads and ministers' briefings: charts drawn on the server, with their figures as tables."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from crm.reports import routes  # noqa: E402,F401  (routes register themselves on bp)
