"""Filters and globals templates share. Kept few and explicit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from crm.form_fields import form_errors
from crm.models import Role
from crm.timezones import to_london

# The primary navigation, in order: (text, endpoint, roles that see it or None for everyone).
# An entry shows once its endpoint exists.
NAVIGATION: list[tuple[str, str, tuple[Role, ...] | None]] = [
    ("Dashboard", "dashboard.index", None),
    ("Organisations", "organisations.index", None),
    ("People", "people.index", None),
    ("Log a contact", "engagements.new", (Role.OFFICER, Role.LEAD)),
    ("Actions", "actions.index", None),
    ("Scorecard", "scorecard.index", None),
    ("Reports", "reports.index", None),
    ("Admin", "admin.index", (Role.ADMIN,)),
]


def navigation_items() -> list[dict[str, Any]]:
    """GOV.UK service navigation items for the endpoints that exist, marking the current one."""
    items = []
    current_section = (request.endpoint or "").split(".")[0]
    for text, endpoint, roles in NAVIGATION:
        if roles is not None and not current_user.has_role(*roles):
            continue
        try:
            href = url_for(endpoint)
        except BuildError:
            continue
        section = endpoint.split(".")[0]
        items.append({"text": text, "href": href, "active": section == current_section})
    return items


def url_with(**changes: Any) -> str:
    """This page's URL with some query arguments changed (None or "" removes one).

    Filters, sorting and pagination links keep every other argument, so views stay bookmarkable.
    """
    args = request.args.copy()
    for name, value in changes.items():
        args.pop(name, None)
        if value is not None and value != "":
            args[name] = value
    values: dict[str, Any] = {**(request.view_args or {}), **args.to_dict(flat=False)}
    return url_for(request.endpoint or "dashboard.index", **values)


def london_datetime(value: datetime | None) -> str:
    """ "3 March 2026, 2:05pm" in London time."""
    if value is None:
        return ""
    local = to_london(value)
    hour = local.strftime("%I").lstrip("0")
    return f"{local.day} {local:%B %Y}, {hour}:{local:%M}{local:%p}".replace("AM", "am").replace("PM", "pm")


def long_date(value: date | datetime | None) -> str:
    """ "3 March 2026" (GOV.UK date style)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_london(value).date()
    return f"{value.day} {value:%B %Y}"


def register(app: Flask) -> None:
    app.jinja_env.filters["london_datetime"] = london_datetime
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.globals["navigation_items"] = navigation_items
    app.jinja_env.globals["form_errors"] = form_errors
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["service_name"] = lambda: current_app.config["CRM_SERVICE_NAME"]
