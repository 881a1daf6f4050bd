"""/engagements/new (Log a contact) and an engagement's page.

Two ways to add an organisation: with JavaScript, choose a suggestion as you type (one step);
without it, Find, tick the result and "Add selected organisations" (two steps).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from playwright.sync_api import Locator, expect

from tests.e2e.pages.base import PageObject


@dataclass
class ActionRow:
    """One follow-up action row of the form ("Action 1", "Action 2", ...)."""

    row: Locator

    def fill(self, title: str, *, owner: str | None = None, due: date | None = None) -> ActionRow:
        self.row.get_by_label("What needs to be done").fill(title)
        if owner is not None:
            self.row.get_by_label("Who owes it").select_option(label=owner)
        if due is not None:
            self.row.get_by_label("Day").fill(str(due.day))
            self.row.get_by_label("Month").fill(str(due.month))
            self.row.get_by_label("Year").fill(str(due.year))
        return self


class LogContactPage(PageObject):
    HEADING = "Log a contact"

    @property
    def form(self) -> Locator:
        return self.page.locator("#engagement-form")

    def open(self) -> LogContactPage:
        self.navigate("Log a contact")
        return self.expect_loaded()

    def expect_loaded(self, *, errors: bool = False) -> LogContactPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.HEADING)
        self.site.check(errors=errors)
        return self

    def save(self) -> None:
        self.follow(self.form.get_by_role("button", name="Save contact"))

    def expect_errors(self, *messages: str) -> LogContactPage:
        summary = self.page.locator(".govuk-error-summary")
        for message in messages:
            expect(summary).to_contain_text(message)
            # Each message is also next to its field.
            expect(self.form.locator(".govuk-error-message", has_text=message).first).to_be_visible()
        return self.expect_loaded(errors=True)

    def describe(self, title: str, summary: str) -> LogContactPage:
        self.form.get_by_label("Title", exact=True).fill(title)
        self.form.get_by_label("Summary or minutes (optional)").fill(summary)
        return self

    def choose_suggestion(self, query: str, name: str, sector: str) -> LogContactPage:
        """With JavaScript: type part of the name and choose the suggestion (the form re-renders)."""
        self.form.get_by_label("Find an organisation").fill(query)
        self.follow(self.form.get_by_role("button", name=f"Add {name} ({sector})"))
        return self.expect_chosen(name)

    def find_and_add(self, query: str, name: str) -> LogContactPage:
        """Without JavaScript: Find, tick the result, Add selected organisations."""
        self.form.get_by_label("Find an organisation").fill(query)
        self.follow(self.form.get_by_role("button", name="Find", exact=True))
        results = self.page.locator("#organisation-results")
        expect(results).to_contain_text(f"Organisations matching ‘{query}’")
        self.expect_loaded()
        results.get_by_role("checkbox", name=name).check()
        self.follow(self.form.get_by_role("button", name="Add selected organisations"))
        return self.expect_chosen(name)

    def expect_chosen(self, name: str) -> LogContactPage:
        expect(self.page.locator("#chosen-organisations").get_by_role("checkbox", name=name)).to_be_checked()
        return self.expect_loaded()

    def tick_person(self, name: str) -> LogContactPage:
        self.page.locator("#people-group").get_by_role("checkbox", name=name).check()
        return self

    def action(self, number: int) -> ActionRow:
        return ActionRow(self.page.locator(f"#action-{number}"))

    def add_action(self) -> LogContactPage:
        rows = self.page.locator(".app-action-row").count()
        self.follow(self.form.get_by_role("button", name="Add another action"))
        expect(self.page.locator(".app-action-row")).to_have_count(rows + 1)
        return self.expect_loaded()


class EngagementPage(PageObject):
    def expect_loaded(self, title: str) -> EngagementPage:
        expect(self.page.locator("#engagement-title")).to_have_text(title)
        self.site.check()
        return self

    @property
    def organisations(self) -> Locator:
        return self.page.locator("#engagement-organisations")

    @property
    def people(self) -> Locator:
        return self.page.locator("#engagement-people")

    @property
    def actions(self) -> Locator:
        return self.page.locator("#engagement-actions tbody tr")

    def open_organisation(self, name: str) -> None:
        self.follow(self.organisations.get_by_role("link", name=name, exact=True))
