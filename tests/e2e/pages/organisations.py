"""/organisations/: the searchable list, an organisation's page and its "Change details" form."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from tests.e2e.pages.base import PageObject


class OrganisationsPage(PageObject):
    def open(self) -> OrganisationsPage:
        self.navigate("Organisations")
        return self.expect_loaded()

    def expect_loaded(self) -> OrganisationsPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Organisations")
        self.site.check()
        return self

    def search(self, text: str) -> OrganisationsPage:
        filters = self.page.locator("#organisation-filters")
        filters.get_by_label("Search organisations").fill(text)
        self.follow(filters.get_by_role("button", name="Search", exact=True))
        expect(self.page.get_by_label("Search organisations")).to_have_value(text)
        return self.expect_loaded()

    @property
    def result_names(self) -> Locator:
        return self.page.locator("#organisations tbody tr td:first-child > a")

    def open_organisation(self, name: str) -> OrganisationPage:
        self.follow(self.page.locator("#organisations").get_by_role("link", name=name, exact=True))
        return OrganisationPage(self.site).expect_loaded(name)


class OrganisationPage(PageObject):
    def open(self, name: str) -> OrganisationPage:
        """From anywhere: search the organisations list for the name and open it."""
        return OrganisationsPage(self.site).open().search(name).open_organisation(name)

    def expect_loaded(self, name: str) -> OrganisationPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(name)
        self.site.check()
        return self

    @property
    def timeline(self) -> Locator:
        return self.page.locator("#timeline")

    def timeline_entry(self, title: str) -> Locator:
        return self.timeline.locator(".moj-timeline__item").filter(
            has=self.page.locator(".moj-timeline__title", has_text=title)
        )

    def change_details(self) -> OrganisationFormPage:
        self.follow(self.page.locator("#record-links").get_by_role("link", name="Change details"))
        return OrganisationFormPage(self.site).expect_loaded()


class OrganisationFormPage(PageObject):
    def expect_loaded(self, *, errors: bool = False) -> OrganisationFormPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Change details")
        self.site.check(errors=errors)
        return self

    def fill(self, label: str, value: str) -> OrganisationFormPage:
        self.page.locator("#organisation-form").get_by_label(label, exact=True).fill(value)
        return self

    def save(self) -> None:
        self.follow(self.page.get_by_role("button", name="Save changes"))

    def expect_conflict(self) -> Locator:
        """The edit was refused: the conflict summary, in the form's error state. Returns the summary."""
        conflict = self.page.locator("#edit-conflict")
        expect(conflict).to_contain_text("Someone else changed this organisation while you were editing it")
        self.expect_loaded(errors=True)
        return conflict
