"""/login and the dashboard."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.pages.base import PageObject
from tests.e2e.site import Site

TITLE = "Sign in – Partnership CRM"
# The demo users (crm/demo/data.py): who -> (email, name).
DEMO_USERS = {
    "officer": ("officer@demo.example.org", "Sam Okafor"),
    "officer2": ("officer2@demo.example.org", "Tom Whitfield"),
    "lead": ("lead@demo.example.org", "Catherine Holt"),
    "admin": ("admin@demo.example.org", "Priya Nair"),
    "viewer": ("viewer@demo.example.org", "Ravi Desai"),
}


class SignInPage(PageObject):
    def open(self) -> SignInPage:
        self.site.goto("/login")
        expect(self.page).to_have_title(TITLE)
        self.site.check()
        return self

    def sign_in(self, email: str, password: str) -> None:
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.follow(self.page.get_by_role("button", name="Sign in"))

    def expect_rejected(self) -> SignInPage:
        expect(self.page).to_have_title(f"Error: {TITLE}")
        expect(self.page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a correct email address and password"
        )
        self.site.check(errors=True)
        return self


class DashboardPage(PageObject):
    def expect_loaded(self, user_name: str) -> DashboardPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Dashboard")
        expect(self.page.locator(".app-account-bar")).to_contain_text(user_name)
        self.site.check()
        return self

    def count(self, element_id: str) -> int:
        return int(self.page.locator(f"#{element_id} .app-count").inner_text())

    def sign_out(self) -> None:
        self.follow(self.page.get_by_role("button", name="Sign out"))
        self.expect_banner("You have signed out")


def sign_in_as(site: Site, who: str) -> DashboardPage:
    """Sign in as a demo user ("officer", "lead", "admin", "viewer") and land on the dashboard."""
    email, name = DEMO_USERS[who]
    SignInPage(site).open().sign_in(email, DEMO_PASSWORD)
    return DashboardPage(site).expect_loaded(name)
