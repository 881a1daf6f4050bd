"""Helpers for the global search tests: records that mention a word, and a statement counter."""

from __future__ import annotations

from bs4 import BeautifulSoup
from werkzeug.test import TestResponse

from tests.html import page
from tests.sql import count_queries  # noqa: F401 (used by this package's tests)


def group(response: TestResponse, name: str) -> BeautifulSoup:
    """The section of the results for one group: organisations, people, engagements or actions."""
    section = page(response).select_one(f"section#{name}")
    assert section is not None, f"no {name} section"
    return section


def group_count(response: TestResponse, name: str) -> int:
    """The count shown in a group's heading."""
    return int(group(response, name).select_one(f"#{name}-count").get_text().strip("() \n"))


def result_titles(response: TestResponse, name: str) -> list[str]:
    """The visible text of each result's link in a group, in order."""
    return [" ".join(li.a.get_text().split()) for li in group(response, name).select("li.app-search-result")]
