"""Helpers for the actions tests: dates, reading the review page, counting queries."""

from __future__ import annotations

import re
from datetime import date, timedelta

from werkzeug.test import TestResponse

from crm.timezones import london_today
from tests.html import page
from tests.sql import count_queries  # noqa: F401 (used by this package's tests)


def days(n: int) -> date:
    """London today plus n days (negative: in the past)."""
    return london_today() + timedelta(days=n)


def listed_titles(response: TestResponse) -> list[str]:
    """Titles of the actions in the review table, in order."""
    return [link.get_text(strip=True) for link in page(response).select("#actions tbody tr td a.govuk-link")]


def facet_counts(response: TestResponse, name: str) -> dict[str, int]:
    """{"Overdue": 7, ...} from the labels or options of one filter control."""
    soup = page(response)
    control = soup.select_one(f"#filter-{name}")
    assert control is not None, f"no filter control {name!r}"
    texts = [label.get_text(" ", strip=True) for label in control.select("label")]
    texts += [option.get_text(" ", strip=True) for option in control.select("option")]
    counts = {}
    for text in texts:
        match = re.fullmatch(r"(.*) \((\d+)\)", " ".join(text.split()))
        if match:
            counts[match.group(1)] = int(match.group(2))
    return counts


def option_texts(response: TestResponse, name: str) -> list[str]:
    """The labels or options of one filter control, without their counts."""
    control = page(response).select_one(f"#filter-{name}")
    assert control is not None, f"no filter control {name!r}"
    texts = [element.get_text(" ", strip=True) for element in control.select("label, option")]
    return [re.sub(r" \(\d+\)$", "", " ".join(text.split())) for text in texts]
