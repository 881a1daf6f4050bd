"""Reading the list's query arguments against their allowlists, and describing the selection.

Every filter is a GET argument, so any view of the list is a bookmarkable URL. A value that is not
allowed is ignored and named back to the officer, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from crm.models import RelationshipStatus, Sector
from crm.services.organisations.listing import (
    NO_CONTACT_DAYS,
    Archived,
    FilterOptions,
    OrganisationFilters,
    Sort,
)
from crm.services.organisations.search import parse_query


def parse_filters(args: MultiDict[str, str], options: FilterOptions) -> tuple[OrganisationFilters, list[str]]:
    """The filters asked for, and the labels of any arguments that were ignored."""
    ignored: list[str] = []

    def one_of(name: str, allowed: Mapping[str, Any], label: str) -> Any:
        value = args.get(name, "")
        if value == "":
            return None
        if value not in allowed:
            ignored.append(label)
            return None
        return allowed[value]

    def many_of(name: str, allowed: Mapping[str, Any], label: str) -> tuple[Any, ...]:
        chosen = []
        for value in dict.fromkeys(args.getlist(name)):
            if value in allowed:
                chosen.append(allowed[value])
            elif value:
                ignored.append(label)
        return tuple(chosen)

    leads = {str(user.id): user.id for user in options.lead_officers}
    filters = OrganisationFilters(
        terms=parse_query(args.get("q")),
        sectors=many_of("sector", {s.value: s for s in Sector}, "Sector"),
        statuses=many_of("status", {s.value: s for s in RelationshipStatus}, "Relationship status"),
        sub_type=one_of("sub_type", {value: value for value in options.sub_types}, "Type") or "",
        tag=one_of("tag", {value: value for value in options.tags}, "Tag") or "",
        lead_officer_id=one_of("lead", leads, "Lead officer"),
        country=one_of("country", {value: value for value in options.countries}, "Country") or "",
        no_contact_days=one_of("no_contact", {str(days): days for days in NO_CONTACT_DAYS}, "No contact"),
        archived=one_of("archived", {a.value: a for a in Archived if a.value}, "Archived") or Archived.HIDE,
        sort=one_of("sort", {s.value: s for s in Sort}, "Sort"),
    )
    return filters, list(dict.fromkeys(ignored))


@dataclass(frozen=True)
class SelectedFilter:
    """One applied filter, as a removable MoJ filter tag."""

    heading: str
    tags: list[dict[str, str]]


def selected_filters(filters: OrganisationFilters, options: FilterOptions) -> list[SelectedFilter]:
    """The applied filters, each tag linking to the list without that value."""
    groups: list[SelectedFilter] = []

    def add(heading: str, name: str, values: list[tuple[str, str]]) -> None:
        if values:
            groups.append(
                SelectedFilter(
                    heading, [{"text": text, "href": _without(name, value)} for value, text in values]
                )
            )

    leads = {user.id: user.name for user in options.lead_officers}
    add("Sector", "sector", [(s.value, s.label) for s in filters.sectors])
    add("Relationship status", "status", [(s.value, s.label) for s in filters.statuses])
    add("Type", "sub_type", [(filters.sub_type, filters.sub_type)] if filters.sub_type else [])
    add("Tag", "tag", [(filters.tag, filters.tag)] if filters.tag else [])
    if filters.lead_officer_id is not None:
        add("Lead officer", "lead", [(str(filters.lead_officer_id), leads.get(filters.lead_officer_id, ""))])
    add("Country", "country", [(filters.country, filters.country)] if filters.country else [])
    if filters.no_contact_days is not None:
        days = filters.no_contact_days
        add("No contact", "no_contact", [(str(days), f"None in the last {days} days")])
    if filters.archived != Archived.HIDE:
        add("Archived", "archived", [(filters.archived.value, filters.archived.label)])
    return groups


def clear_filters_href(filters: OrganisationFilters) -> str:
    """The list with no filters, keeping the search and the sort."""
    args: dict[str, Any] = {}
    if filters.terms.text:
        args["q"] = request.args.get("q", "")
    if filters.sort is not None:
        args["sort"] = filters.sort.value
    return url_for("organisations.index", **args)


def _without(name: str, value: str) -> str:
    args = MultiDict(request.args)
    remaining = [v for v in args.getlist(name) if v != value]
    args.setlist(name, remaining)
    args.pop("page", None)
    values: dict[str, Any] = args.to_dict(flat=False)
    return url_for("organisations.index", **values)
