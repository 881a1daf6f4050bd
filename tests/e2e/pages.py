"""Page objects: what a user sees and does on each page, so journeys read like the user's steps."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible


@dataclass
class SignInPage:
    page: Page
    base_url: str

    def open(self) -> SignInPage:
        self.page.goto(f"{self.base_url}/login")
        expect(self.page).to_have_title("Sign in – Partnership CRM")
        assert_accessible(self.page)
        return self

    def sign_in(self, email: str, password: str) -> None:
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()


@dataclass
class DashboardPage:
    page: Page

    def expect_loaded(self, user_name: str) -> DashboardPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Dashboard")
        expect(self.page.locator(".app-account-bar")).to_contain_text(user_name)
        assert_accessible(self.page)
        return self

    def count(self, element_id: str) -> int:
        return int(self.page.locator(f"#{element_id} .app-count").inner_text())

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
