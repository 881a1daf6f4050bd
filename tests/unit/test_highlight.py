"""Search highlighting (crm/search/highlight.py): matched words in <mark>, everything else escaped."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from crm.search.highlight import ELLIPSIS, excerpt, highlight, matches

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _marked(html: Markup) -> list[str]:
    return [mark.get_text() for mark in BeautifulSoup(str(html), "html.parser").find_all("mark")]


def test_marks_every_occurrence_whatever_the_case():
    html = highlight("Kestrel Social and kestrel chat", ["kestrel"])
    assert str(html) == "<mark>Kestrel</mark> Social and <mark>kestrel</mark> chat"
    assert isinstance(html, Markup)


def test_the_longest_word_wins_where_two_match_at_the_same_place():
    assert _marked(highlight("Kestrel", ["kes", "kestrel"])) == ["Kestrel"]


def test_escapes_the_text_around_and_inside_the_marks():
    html = highlight(f"{XSS} Kestrel <b>", ["kestrel", "script"])
    soup = BeautifulSoup(str(html), "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert _marked(html) == ["script", "script", "Kestrel"]
    assert soup.get_text() == f"{XSS} Kestrel <b>"


def test_a_search_word_full_of_markup_is_escaped_too():
    html = highlight("a <b> c", ["<b>"])
    assert str(html) == "a <mark>&lt;b&gt;</mark> c"


def test_regex_characters_in_words_match_themselves():
    assert _marked(highlight("Costs (2026) cost 5.0 or 5x0", ["(2026)", "5.0", ".*"])) == ["(2026)", "5.0"]


@pytest.mark.parametrize("words", [[], [""]])
def test_no_words_means_the_text_escaped(words):
    assert str(highlight("<i>Kestrel</i>", words)) == "&lt;i&gt;Kestrel&lt;/i&gt;"


def test_none_is_empty():
    assert highlight(None, ["kestrel"]) == Markup("")


def test_word_starts_marks_only_the_start_of_a_word():
    assert _marked(highlight("Jakes Kestrel key_kes", ["kes"], word_starts=True)) == ["Kes", "kes"]
    assert _marked(highlight("Jakes Kestrel", ["kes"])) == ["kes", "Kes"]


def test_matches():
    assert matches("Greater Manchester Police", ["manch"], word_starts=True)
    assert not matches("Greater Manchester Police", ["chester"], word_starts=True)
    assert matches("Greater Manchester Police", ["chester"])
    assert not matches("", ["a"]) and not matches(None, ["a"]) and not matches("abc", [])


def test_short_text_is_kept_whole_on_one_line():
    assert excerpt("Met the\n  trust and   safety team", ["trust"]) == "Met the trust and safety team"


def test_a_long_text_is_cut_around_the_first_match_at_spaces():
    text = " ".join(f"word{n}" for n in range(100)) + " kestrel " + " ".join(f"tail{n}" for n in range(100))
    shown = excerpt(text, ["kestrel"], length=80)
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    assert "kestrel" in shown
    assert len(shown) <= 82
    inner = shown.strip(ELLIPSIS)
    assert all(part in text.split() for part in inner.split())  # no word cut in half


def test_a_long_text_without_a_match_shows_its_start():
    text = "alpha " * 100
    shown = excerpt(text, ["zebra"], length=40)
    assert shown.startswith("alpha") and shown.endswith(ELLIPSIS)


def test_a_match_near_the_end_shows_the_end():
    text = "alpha " * 100 + "kestrel"
    shown = excerpt(text, ["kestrel"], length=40)
    assert shown.endswith("kestrel") and shown.startswith(ELLIPSIS)


def test_a_cut_after_a_full_stop_shows_the_ellipsis_alone():
    text = "Referrals reviewed. " + "More words follow here. " * 20
    assert excerpt(text, ["referrals"], length=20) == "Referrals reviewed…"
