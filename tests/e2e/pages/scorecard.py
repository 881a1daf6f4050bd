"""/scorecard/: the five-asks grid and one company's position on one ask (update form and history)."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Locator, expect

from tests.e2e.pages.base import PageObject


class ScorecardPage(PageObject):
    def open(self) -> ScorecardPage:
        self.navigate("Scorecard")
        expect(self.page.locator(".govuk-caption-l").first).to_have_text("Scorecard")
        self.site.check()
        return self

    def cell(self, company: str, ask: int) -> Locator:
        """The link in the grid to a company's position on ask number ask."""
        return self.page.locator("#scorecard").get_by_role(
            "link", name=re.compile(rf": {company}, ask {ask}$")
        )

    def open_position(self, company: str, ask: int) -> CommitmentPage:
        self.follow(self.cell(company, ask))
        return CommitmentPage(self.site).expect_loaded(company)


class CommitmentPage(PageObject):
    def expect_loaded(self, company: str, *, errors: bool = False) -> CommitmentPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(company)
        self.site.check(errors=errors)
        return self

    @property
    def form(self) -> Locator:
        return self.page.locator("#commitment-form")

    @property
    def current_status(self) -> Locator:
        return self.page.locator("#current-status")

    @property
    def history(self) -> Locator:
        return self.page.locator("#status-history tbody tr")

    def update(self, status: str, *, notes: str | None = None, reviewed: date | None = None) -> None:
        """Choose a status (and notes, a review date when given) and save."""
        self.form.get_by_role("radio", name=status, exact=True).check()
        if notes is not None:
            self.form.get_by_label("Notes (optional)", exact=True).fill(notes)
        if reviewed is not None:
            self.set_reviewed(str(reviewed.day), str(reviewed.month), str(reviewed.year))
        self.follow(self.form.get_by_role("button", name="Save position"))

    def set_reviewed(self, day: str, month: str, year: str) -> None:
        self.form.get_by_label("Day").fill(day)
        self.form.get_by_label("Month").fill(month)
        self.form.get_by_label("Year").fill(year)
