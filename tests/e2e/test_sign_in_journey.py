"""Journey 0: an officer signs in, sees their work on the dashboard, and signs out."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.pages import DashboardPage, SignInPage


def test_officer_signs_in_and_sees_their_outstanding_work(page, live_server, screenshot):
    sign_in = SignInPage(page, live_server).open()

    # A mistake first: the error state must be accessible too, and say what to do.
    sign_in.sign_in("officer@demo.example.org", "not the password")
    expect(page).to_have_title("Error: Sign in – Partnership CRM")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    assert_accessible(page)

    sign_in.sign_in("officer@demo.example.org", DEMO_PASSWORD)
    dashboard = DashboardPage(page).expect_loaded("Sam Okafor")
    assert dashboard.count("count-overdue") > 0
    screenshot("dashboard")

    dashboard.sign_out()
    page.goto(f"{live_server}/")
    expect(page).to_have_title("Sign in – Partnership CRM")


def test_admin_pages_are_accessible(page, live_server):
    SignInPage(page, live_server).open().sign_in("admin@demo.example.org", DEMO_PASSWORD)
    for path, heading in (
        ("/admin/users", "Administration"),
        ("/admin/teams", "Administration"),
        ("/admin/audit", "Administration"),
        ("/admin/settings", "Administration"),
    ):
        page.goto(f"{live_server}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
