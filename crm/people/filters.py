"""Reading the people list's query arguments against their allowlists, and describing the selection.

Every filter is a GET argument, so any view of the list is a bookmarkable URL. A value that is not
allowed is ignored and named back to the officer, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from crm.models import Sector
from crm.services.pagination import page_number
from crm.services.people.listing import Erased, OrganisationOption, PeopleFilters, Sort, parse_query

MAX_ID_DIGITS = 9
MAX_KEPT_QUERY = 1000


def record_id(text: str | None) -> int | None:
    """A record id typed in a URL, or None unless it is plain ASCII digits of a sensible length."""
    value = text or ""
    if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None


def parse_filters(args: MultiDict[str, str]) -> tuple[PeopleFilters, list[str]]:
    """The filters asked for, and the labels of any arguments that were ignored.

    The organisation is only checked for being a number here; the view checks it exists.
    """
    ignored: list[str] = []

    def one_of(name: str, allowed: Mapping[str, Any], label: str) -> Any:
        value = args.get(name, "")
        if value == "":
            return None
        if value not in allowed:
            ignored.append(label)
            return None
        return allowed[value]

    known_sectors = {sector.value: sector for sector in Sector}
    sectors = []
    for value in dict.fromkeys(args.getlist("sector")):
        if value in known_sectors:
            sectors.append(known_sectors[value])
        elif value:
            ignored.append("Sector")
    organisation_id = record_id(args.get("organisation"))
    if organisation_id is None and args.get("organisation"):
        ignored.append("Organisation")
    organisation_name = parse_query(args.get("organisation_name"))
    if organisation_name.problem:
        ignored.append("Organisation name (too long)")
    filters = PeopleFilters(
        terms=parse_query(args.get("q")),
        organisation_id=organisation_id,
        organisation_name="" if organisation_name.problem else organisation_name.text,
        sectors=tuple(sectors),
        erased=one_of("erased", {e.value: e for e in Erased if e.value}, "Erased people") or Erased.HIDE,
        sort=one_of("sort", {s.value: s for s in Sort}, "Sort"),
    )
    return filters, list(dict.fromkeys(ignored))


def page_argument(args: MultiDict[str, str]) -> int:
    """The requested page. Works around page_number() calling int() on any str.isdigit() text,
    which fails for digits such as "²"; anything not plain ASCII means page 1."""
    value = args.get("page", "1")
    return page_number({"page": value if value.isascii() else "1"})


@dataclass(frozen=True)
class SelectedFilter:
    """One applied filter, as a removable MoJ filter tag."""

    heading: str
    tags: list[dict[str, str]]


def selected_filters(filters: PeopleFilters, organisation: OrganisationOption | None) -> list[SelectedFilter]:
    """The applied filters, each tag linking to the list without that value."""
    groups: list[SelectedFilter] = []
    if organisation is not None:
        groups.append(
            SelectedFilter("Organisation", [{"text": organisation.name, "href": _without("organisation")}])
        )
    if filters.organisation_name:
        groups.append(
            SelectedFilter(
                "Organisation name contains",
                [{"text": filters.organisation_name, "href": _without("organisation_name")}],
            )
        )
    if filters.sectors:
        groups.append(
            SelectedFilter(
                "Sector", [{"text": s.label, "href": _without("sector", s.value)} for s in filters.sectors]
            )
        )
    if filters.erased != Erased.HIDE:
        groups.append(
            SelectedFilter("Erased people", [{"text": filters.erased.label, "href": _without("erased")}])
        )
    return groups


def clear_filters_href(filters: PeopleFilters) -> str:
    """The list with no filters, keeping the search and the sort."""
    args: dict[str, Any] = {}
    if filters.terms.text:
        args["q"] = request.args.get("q", "")[:MAX_KEPT_QUERY]
    if filters.sort is not None:
        args["sort"] = filters.sort.value
    return url_for("people.index", **args)


def _without(name: str, value: str | None = None) -> str:
    args = MultiDict(request.args)
    args.setlist(name, [v for v in args.getlist(name) if value is not None and v != value])
    args.pop("page", None)
    values: dict[str, Any] = args.to_dict(flat=False)
    return url_for("people.index", **values)
