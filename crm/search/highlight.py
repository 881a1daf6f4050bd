"""Showing where a search matched: matched words wrapped in <mark>, everything else escaped.

The only place search results become HTML. Markup is built from escaped pieces alone (markupsafe's
escape() and Markup.format(), which escapes its arguments), so a record holding "<script>" shows as
text whatever it contains. Database snippet functions are never used for this: they return
unescaped text (STACK.md, trap 10).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

EXCERPT_LENGTH = 160
ELLIPSIS = "…"
# Not preceded by a letter or digit: where a word of the text starts, as the full-text index sees it.
_WORD_START = r"(?<![^\W_])"


def _pattern(words: Iterable[str], *, word_starts: bool) -> re.Pattern[str] | None:
    # Longest first, so "kestrel" wins over "kes" where both match at the same place.
    unique = sorted({word for word in words if word}, key=lambda word: (-len(word), word))
    if not unique:
        return None
    alternatives = "|".join(re.escape(word) for word in unique)
    prefix = _WORD_START if word_starts else ""
    return re.compile(f"{prefix}(?:{alternatives})", re.IGNORECASE)


def highlight(text: str | None, words: Iterable[str], *, word_starts: bool = False) -> Markup:
    """text, HTML-escaped, with each case-insensitive occurrence of any of the words in <mark>.

    word_starts: only occurrences at the start of a word (the organisation search matches word
    prefixes, so "kes" marks the start of "Kestrel" but not the middle of "Jakes").
    """
    text = text or ""
    pattern = _pattern(words, word_starts=word_starts)
    if pattern is None:
        return escape(text)
    pieces: list[Markup] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(Markup("<mark>{}</mark>").format(match.group()))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def matches(text: str | None, words: Iterable[str], *, word_starts: bool = False) -> bool:
    """Whether highlight() would mark anything in text."""
    pattern = _pattern(words, word_starts=word_starts)
    return bool(text) and pattern is not None and pattern.search(text or "") is not None


def excerpt(
    text: str | None, words: Iterable[str], *, length: int = EXCERPT_LENGTH, word_starts: bool = False
) -> str:
    """About `length` characters of text (plain, unescaped) around the first match, on one line.

    Cut at spaces where possible, with an ellipsis where text was left out; the start of the text
    when nothing matches. Pass the result to highlight() to display it.
    """
    flat = " ".join((text or "").split())
    if len(flat) <= length:
        return flat
    pattern = _pattern(words, word_starts=word_starts)
    found = pattern.search(flat) if pattern is not None else None
    # Some context before the match, most of the room after it.
    start = max(0, found.start() - length // 4) if found is not None else 0
    start = min(start, len(flat) - length)
    end = start + length
    if start > 0:
        space = flat.find(" ", start, found.start() if found is not None else end)
        start = space + 1 if space != -1 else start
    if end < len(flat):
        space = flat.rfind(" ", found.end() if found is not None else start, end)
        end = space if space > start else end
    shown = flat[start:end].strip()
    if end < len(flat):
        # "portals…", not "portals.…"
        shown = shown.rstrip(".,;:") + ELLIPSIS
    return (ELLIPSIS if start > 0 else "") + shown
