"""Passwords: 12 to 128 characters, not a common password; no composition rules."""

from __future__ import annotations

import pytest

from crm.services.users import password_problem


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "a" * 12 + "xyz", "lowercase only passphrase", "x" * 128],
)
def test_long_uncommon_passwords_are_accepted_whatever_their_characters(password):
    assert password_problem(password) is None


def test_short_passwords_are_refused():
    assert password_problem("Sh0rt!pass") == "Password must be 12 characters or more"


def test_over_long_passwords_are_refused():
    assert password_problem("x" * 129) == "Password must be 128 characters or fewer"


@pytest.mark.parametrize(
    "password", ["qwerty123456", "LeaveMeAlone", "password1234", "Password123456!", "dragon2024!!"]
)
def test_common_passwords_are_refused(password):
    assert "common passwords" in (password_problem(password) or "")
