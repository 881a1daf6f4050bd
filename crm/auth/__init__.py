"""Signing in and out."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from crm.auth import routes, sessions, two_factor  # noqa: E402,F401  (they register themselves on bp)
