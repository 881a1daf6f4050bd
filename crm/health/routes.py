"""/healthz: 200 when the database answers, 503 when it does not. Public, reveals nothing else."""

from flask import jsonify
from werkzeug.wrappers import Response

from crm.extensions import csrf
from crm.health import bp
from crm.services.health import database_ok


@bp.route("/healthz")
@csrf.exempt
def healthz() -> tuple[Response, int]:
    ok = database_ok()
    body = {"status": "ok" if ok else "unavailable", "checks": {"database": "ok" if ok else "unavailable"}}
    return jsonify(body), 200 if ok else 503
