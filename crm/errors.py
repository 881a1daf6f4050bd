"""Error pages in the service's own style. They show no traceback, SQL or version."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from crm.extensions import db

ERROR_TITLES = {
    400: "There is a problem with your request",
    403: "You do not have permission to do this",
    404: "Page not found",
    405: "Page not found",
    413: "What you sent is too large",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_error(
            400, "Your form expired or was sent from somewhere else. Go back, reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        # Whatever failed, nothing half-written survives the request.
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)


def render_error(code: int, detail: str | None = None) -> tuple[str, int]:
    code = code if code in ERROR_TITLES else 500
    return render_template("errors/error.html", code=code, title=ERROR_TITLES[code], detail=detail), code
