"""Journey 1: an officer finds an organisation by part of its name, opens it and reads its timeline."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import OrganisationsPage, sign_in_as


def test_officer_finds_an_organisation_by_part_of_its_name_and_reads_its_timeline(site, screenshot):
    sign_in_as(site, "officer")
    organisations = OrganisationsPage(site).open()
    screenshot("organisations")

    organisations.search("kest")
    expect(organisations.result_names.first).to_have_text("Kestrel Social")
    # Only names that contain "kest" (or an alias that does, like "KestrelNet").
    for name in organisations.result_names.all_inner_texts():
        assert "kest" in name.lower(), f"{name} matched 'kest'"
    screenshot("search-results")

    organisation = organisations.open_organisation("Kestrel Social")
    expect(site.page.locator("#details")).to_contain_text("Sam Okafor")  # the lead officer
    # The timeline: newest first, with the storyline's contacts on it.
    expect(
        organisation.timeline_entry("Ministerial roundtable on progress against the five asks")
    ).to_have_count(1)
    expect(organisation.timeline_entry("Kestrel Social: quarterly review").first).to_be_visible()
    expect(site.page.locator("#timeline-heading")).to_have_text("Contact history")
    screenshot("organisation")
