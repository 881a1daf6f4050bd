"""Administration: users, teams, settings and the audit trail (admins only)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from crm.admin import routes  # noqa: E402,F401  (routes register themselves on bp)
