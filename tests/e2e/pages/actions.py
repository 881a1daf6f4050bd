"""/actions/ (the outstanding-actions review with its filters) and an action's page."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.e2e.pages.base import PageObject


class ActionsPage(PageObject):
    def open(self) -> ActionsPage:
        """The "Actions" navigation item: the signed-in officer's outstanding actions."""
        self.navigate("Actions")
        return self.expect_loaded("Your outstanding actions")

    def expect_loaded(self, heading: str = "Your outstanding actions") -> ActionsPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)
        self.site.check()
        return self

    def filter_due(self, choice: str) -> ActionsPage:
        """Choose a "Due" filter ("Overdue", "Due in the next 7 days", ...) and apply it."""
        filters = self.page.locator("#filters")
        filters.locator("#filter-due").get_by_role(
            "radio", name=re.compile(rf"^{re.escape(choice)} \(\d+\)$")
        ).check()
        self.follow(filters.get_by_role("button", name="Apply filters").first)
        expect(self.page.locator(".moj-filter__selected")).to_contain_text(choice)
        return self.expect_loaded()

    def due_count(self, choice: str) -> int:
        """The count a "Due" filter option shows: "Overdue (3)" -> 3."""
        label = self.page.locator("#filter-due label", has_text=re.compile(rf"^{re.escape(choice)} \("))
        return int(re.findall(r"\((\d+)\)", label.inner_text())[-1])

    @property
    def rows(self) -> Locator:
        return self.page.locator("#actions tbody tr")

    def row(self, title: str) -> Locator:
        return self.rows.filter(has=self.page.get_by_role("link", name=title, exact=True))

    def open_action(self, title: str) -> ActionPage:
        self.follow(self.row(title).get_by_role("link", name=title, exact=True))
        return ActionPage(self.site).expect_loaded(title)


class ActionPage(PageObject):
    def expect_loaded(self, title: str, *, errors: bool = False) -> ActionPage:
        expect(self.page.locator("#action-title")).to_have_text(title)
        self.site.check(errors=errors)
        return self

    def complete(self, note: str) -> None:
        self.page.get_by_label("Completion note").fill(note)
        self.follow(self.page.get_by_role("button", name="Complete this action"))
        self.expect_banner("Action completed")

    @property
    def summary(self) -> Locator:
        return self.page.locator("#action-summary")

    @property
    def badges(self) -> Locator:
        return self.page.locator("#badges")
