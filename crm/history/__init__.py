"""A record's history: every audited change to it, newest first (the History tab)."""

from flask import Blueprint

bp = Blueprint("history", __name__, url_prefix="/history")

from crm.history import routes  # noqa: E402,F401  (routes register themselves on bp)
