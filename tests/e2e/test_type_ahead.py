"""With JavaScript, Log a contact suggests organisations as the officer types (one step, not two)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import LogContactPage, sign_in_as


def test_choosing_a_suggestion_adds_the_organisation(site):
    sign_in_as(site, "officer")
    form = LogContactPage(site).open()
    form.form.get_by_label("Find an organisation").fill("kest")
    suggestion = site.page.get_by_role("button", name="Add Kestrel Social (Technology company)")
    expect(suggestion).to_be_visible()
    site.check()  # with the suggestions showing
    form.follow(suggestion)
    form.expect_chosen("Kestrel Social")
