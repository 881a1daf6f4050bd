"""Global search: /search?q= across organisations, people, contacts and actions."""

from flask import Blueprint

# No url_prefix: the page is /search itself (a prefix would make it /search/ and redirect /search).
bp = Blueprint("search", __name__)

from crm.search import routes  # noqa: E402,F401  (routes register themselves on bp)
