"""What every page object shares: its tab, following links and buttons, the service navigation."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

from tests.e2e.site import Site


@dataclass
class PageObject:
    site: Site

    @property
    def page(self) -> Page:
        return self.site.page

    def follow(self, target: Locator) -> None:
        """Click a link or submit button and wait until the page it leads to has loaded.

        Waiting for the navigation matters when the next page looks like this one (a form shown
        again with what was typed): a waiting assertion could otherwise pass on the old page.
        """
        with self.page.expect_navigation():
            target.click()

    def navigate(self, item: str) -> None:
        """Follow an item of the service navigation at the top of every page."""
        self.follow(self.page.locator(".govuk-service-navigation").get_by_role("link", name=item, exact=True))

    def expect_banner(self, text: str) -> None:
        """The notification banner a flash message becomes (success or important)."""
        expect(self.page.locator(".govuk-notification-banner")).to_contain_text(text)
