"""Outstanding actions: the review page, each action, bulk updates."""

from flask import Blueprint

bp = Blueprint("actions", __name__, url_prefix="/actions")

from crm.actions import routes  # noqa: E402,F401  (routes register themselves on bp)
