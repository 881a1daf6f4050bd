"""Organisations: the list, search, each organisation's page, create, edit, archive and merge."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

from crm.organisations import routes  # noqa: E402,F401  (routes register themselves on bp)
