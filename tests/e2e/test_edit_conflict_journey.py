"""Journey 5: two people change the same organisation at once; the second save is refused with the
conflict message (nothing of theirs is lost silently), and goes through once made again."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import OrganisationFormPage, OrganisationPage, sign_in_as


def test_second_save_of_the_same_organisation_gets_the_conflict_message(open_site, screenshot):
    officer, lead = open_site(), open_site()
    sign_in_as(officer, "officer")
    sign_in_as(lead, "lead")
    officers_form = OrganisationPage(officer).open("Kestrel Social").change_details()
    leads_form = OrganisationPage(lead).open("Kestrel Social").change_details()

    officers_form.fill("Type (optional)", "social network and video sharing").save()
    officers_form.expect_banner("Kestrel Social updated")
    OrganisationPage(officer).expect_loaded("Kestrel Social")
    expect(officer.page.locator("#details")).to_contain_text("social network and video sharing")

    summary = "Runs the largest UK social network for teenagers. Quarterly reviews with the lead."
    leads_form.fill("Summary (optional)", summary).save()
    conflict = leads_form.expect_conflict()
    expect(conflict).to_contain_text("Your changes have not been saved")
    type_row = conflict.locator("tbody tr", has_text="Type")
    expect(type_row).to_contain_text("social network and video sharing")  # the saved version
    # The form now holds the saved version, so the lead can make their change again.
    expect(lead.page.get_by_label("Type (optional)")).to_have_value("social network and video sharing")
    screenshot("conflict", of=lead.page)

    OrganisationFormPage(lead).fill("Summary (optional)", summary).save()
    leads_form.expect_banner("Kestrel Social updated")
    OrganisationPage(lead).expect_loaded("Kestrel Social")
    expect(lead.page.locator("#details")).to_contain_text("social network and video sharing")
    expect(lead.page.locator("#details")).to_contain_text(summary)
