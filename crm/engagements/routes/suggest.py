"""/engagements/organisations.json: suggestions for the type-ahead on the Log a contact form.

The form works without it (its Find button asks the same question); this answers as the officer
types, with the same matching.
"""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response

from crm.auth.decorators import writer_required
from crm.engagements import bp
from crm.services.engagements import records

SUGGESTIONS = 10


@bp.route("/organisations.json")
@writer_required
def organisation_suggestions() -> Response:
    query = request.args.get("q", "")[:200]
    matches = records.find_organisations(query=query, limit=SUGGESTIONS) if len(query.strip()) >= 2 else []
    return jsonify([{"id": o.id, "name": o.name, "sector": o.sector.label} for o in matches])
