"""The `q` a search box sends, made safe once for every search (organisations, people, global)."""

from __future__ import annotations

import unicodedata

MAX_QUERY_LENGTH = 200
# How much of what was typed a page shows back in its box, even when it is too long to search: enough
# for the officer to see why it was refused, bounded so a huge query string is not echoed whole.
MAX_SHOWN_LENGTH = 1000


def clean_query(raw: str | None) -> tuple[str, str]:
    """(text, problem): the query lower-cased with runs of spaces collapsed, and why it cannot be
    searched ("" when it can). Control and invisible format characters become spaces (PostgreSQL
    refuses NUL); a query longer than MAX_QUERY_LENGTH is cut there and refused."""
    visible = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw or "")
    text = " ".join(visible.split()).lower()
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH], f"Search for {MAX_QUERY_LENGTH} characters or fewer"
    return text, ""
