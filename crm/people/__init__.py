"""People: contacts at partner organisations."""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people")

from crm.people import routes  # noqa: E402,F401  (routes register themselves on bp)
