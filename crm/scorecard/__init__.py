"""The five-asks scorecard: where each technology company stands on each ask, with the evidence."""

from flask import Blueprint

bp = Blueprint("scorecard", __name__, url_prefix="/scorecard")

from crm.scorecard import routes  # noqa: E402,F401  (routes register themselves on bp)
