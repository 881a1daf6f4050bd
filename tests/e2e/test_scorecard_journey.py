"""Journey 4: a lead updates a company's position on one of the five asks; the history shows it."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e.journeys import london_today
from tests.e2e.pages import ScorecardPage, sign_in_as


def test_lead_updates_a_commitment_and_the_history_shows_it(site, screenshot):
    sign_in_as(site, "lead")
    scorecard = ScorecardPage(site).open()
    expect(scorecard.cell("Kestrel Social", 2)).to_contain_text("In progress")
    screenshot("scorecard")

    position = scorecard.open_position("Kestrel Social", 2)
    expect(position.current_status).to_contain_text("In progress")
    history_before = position.history.count()
    screenshot("position")

    # A review date in the future is refused, with the form in its error state.
    tomorrow = london_today() + timedelta(days=1)
    position.update("Delivered", notes="Delivered: video hash matching is live in the UK.", reviewed=tomorrow)
    expect(site.page.locator(".govuk-error-summary")).to_contain_text(
        "Date last reviewed must be today or in the past"
    )
    position.expect_loaded("Kestrel Social", errors=True)
    expect(position.current_status).to_contain_text("In progress")  # nothing was saved
    screenshot("position-errors")

    position.update("Delivered", reviewed=london_today())
    position.expect_banner("Kestrel Social’s position on ask 2 saved: Delivered")
    position.expect_loaded("Kestrel Social")
    expect(position.current_status).to_contain_text("Delivered")
    expect(site.page.locator("#current-position")).to_contain_text("video hash matching is live")
    expect(position.history).to_have_count(history_before + 1)
    newest = position.history.first
    expect(newest.locator("td").nth(0)).to_have_text("Catherine Holt")
    expect(newest.locator("td").nth(1)).to_have_attribute("data-status", "in-progress")
    expect(newest.locator("td").nth(2)).to_have_attribute("data-status", "delivered")
    screenshot("position-saved")

    scorecard.follow(site.page.get_by_role("link", name="Back to the scorecard"))
    expect(scorecard.cell("Kestrel Social", 2)).to_contain_text("Delivered")
    site.check()
