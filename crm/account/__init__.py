"""The signed-in user's own account: calendar feed token, and later password and two-factor settings."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from crm.account import routes  # noqa: E402,F401  (routes register themselves on bp)
