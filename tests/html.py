"""Reading pages the way a user does: parsed HTML, not status codes alone."""

from __future__ import annotations

from bs4 import BeautifulSoup
from werkzeug.test import TestResponse


def page(response: TestResponse) -> BeautifulSoup:
    """The response body as a parsed document."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(response: TestResponse, selector: str) -> str:
    """The visible text of the first element matching selector (stripped, spaces collapsed)."""
    element = page(response).select_one(selector)
    assert element is not None, f"nothing matches {selector!r}"
    return " ".join(element.get_text(" ").split())


def error_summary(response: TestResponse) -> list[str]:
    """The messages in the GOV.UK error summary, in order."""
    return [" ".join(a.get_text().split()) for a in page(response).select(".govuk-error-summary__list a")]


def field_errors(response: TestResponse) -> list[str]:
    """The messages shown next to fields (without the visually hidden "Error:" prefix)."""
    messages = []
    for element in page(response).select(".govuk-error-message"):
        for hidden in element.select(".govuk-visually-hidden"):
            hidden.decompose()
        messages.append(" ".join(element.get_text().split()))
    return messages
