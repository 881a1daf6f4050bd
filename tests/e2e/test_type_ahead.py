"""With JavaScript, Log a contact suggests organisations as the officer types (one step, not two)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.pages import SignInPage


def test_choosing_a_suggestion_adds_the_organisation(page, live_server):
    SignInPage(page, live_server).open().sign_in("officer@demo.example.org", DEMO_PASSWORD)
    page.goto(f"{live_server}/engagements/new")
    page.locator("[data-organisation-suggest]").fill("kest")
    suggestion = page.get_by_role("button", name="Add Kestrel Social (Technology company)")
    expect(suggestion).to_be_visible()
    assert_accessible(page)
    suggestion.click()
    expect(page.get_by_role("checkbox", name="Kestrel Social")).to_be_checked()
