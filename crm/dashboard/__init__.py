"""The signed-in home page."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from crm.dashboard import routes  # noqa: E402,F401
