"""Journey 0: an officer signs in, sees their work on the dashboard, and signs out."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.pages import DashboardPage, SignInPage


def test_officer_signs_in_and_sees_their_outstanding_work(site, live_server, screenshot):
    sign_in = SignInPage(site).open()

    # A mistake first: the error state must be accessible too, and say what to do.
    sign_in.sign_in("officer@demo.example.org", "not the password")
    sign_in.expect_rejected()

    sign_in.sign_in("officer@demo.example.org", DEMO_PASSWORD)
    dashboard = DashboardPage(site).expect_loaded("Sam Okafor")
    assert dashboard.count("count-overdue") > 0
    screenshot("dashboard")

    dashboard.sign_out()
    site.goto("/")
    expect(site.page).to_have_title("Sign in – Partnership CRM")


def test_admin_pages_are_accessible(site):
    SignInPage(site).open().sign_in("admin@demo.example.org", DEMO_PASSWORD)
    for path in ("/admin/users", "/admin/teams", "/admin/audit", "/admin/settings"):
        site.goto(path)
        expect(site.page.get_by_role("heading", level=1)).to_have_text("Administration")
        site.check()
