"""Journey 7: journey 2 with the keyboard alone (Tab, Enter, Space and typing; no mouse).

On the way, Tab must stop at every control of the Log a contact form, in order, and nowhere else.
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.journeys import Meeting, expect_meeting_logged, london_today
from tests.e2e.keyboard import Keyboard
from tests.e2e.pages import DashboardPage, LogContactPage, OrganisationPage, SignInPage


def test_officer_logs_a_meeting_with_the_keyboard_alone(site, screenshot):
    meeting = Meeting()
    page, keys = site.page, Keyboard(site.page)

    SignInPage(site).open()
    keys.tab_to(page.get_by_label("Email address"))
    keys.type("officer@demo.example.org")
    keys.press("Tab")
    keys.type(DEMO_PASSWORD)
    keys.press_and_wait("Enter")
    DashboardPage(site).expect_loaded("Sam Okafor")

    keys.tab_to(page.locator(".govuk-service-navigation").get_by_role("link", name="Log a contact"))
    keys.press_and_wait("Enter")
    form = LogContactPage(site).expect_loaded()

    # Saved empty: the error summary takes focus, and its first link takes the keyboard to the field.
    keys.tab_to(form.form.get_by_role("button", name="Save contact"))
    keys.press_and_wait("Enter")
    form.expect_errors("Enter a title")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    keys.tab_to(summary.get_by_role("link", name="Enter a title"))
    keys.press("Enter")
    title = form.form.get_by_label("Title", exact=True)
    expect(title).to_be_focused()
    keys.type(meeting.title)
    keys.tab_to(form.form.get_by_label("Summary or minutes (optional)"))
    keys.type(meeting.summary)

    # Each organisation: type part of its name, Tab to the suggestion, Enter.
    for query, name, sector in (meeting.first, meeting.second):
        keys.tab_to(form.form.get_by_label("Find an organisation"))
        keys.type(query)
        suggestion = form.form.get_by_role("button", name=f"Add {name} ({sector})")
        expect(suggestion).to_be_visible()
        keys.tab_to(suggestion)
        keys.press_and_wait("Enter")
        form.expect_chosen(name)

    person = page.locator("#people-group").get_by_role("checkbox", name=meeting.person)
    keys.tab_to(person)
    keys.press("Space")
    expect(person).to_be_checked()

    due = london_today() + timedelta(days=14)
    keys.tab_to(form.action(1).row.get_by_label("What needs to be done"))
    keys.type(meeting.our_action)
    keys.tab_to(form.action(1).row.get_by_label("Day"))
    for part in (due.day, due.month, due.year):
        keys.type(str(part))
        keys.press("Tab")

    keys.tab_to(form.form.get_by_role("button", name="Add another action"), backwards=False)
    keys.press_and_wait("Enter")
    expect(page.locator(".app-action-row")).to_have_count(2)
    form.expect_loaded()
    second = form.action(2).row
    keys.tab_to(second.get_by_label("What needs to be done"))
    keys.type(meeting.their_action)
    owner = second.get_by_label("Who owes it")
    keys.tab_to(owner)
    keys.type("Brightwave")  # a closed select picks the option starting with what is typed
    expect(owner.locator("option:checked")).to_have_text(f"{meeting.second[1]} (the partner owes it)")
    due = london_today() + timedelta(days=21)
    keys.tab_to(second.get_by_label("Day"))
    for part in (due.day, due.month, due.year):
        keys.type(str(part))
        keys.press("Tab")
    screenshot("filled-by-keyboard")

    # Enter opens "Add a new person who took part"; its fields join the tab order.
    keys.tab_to(page.locator("#new-person summary"))
    keys.press("Enter")
    expect(page.locator("#new-person")).to_have_attribute("open", "")
    # Tab reaches every control of the form, in document order, and stops nowhere else.
    stops, controls = keys.focus_order(form.form)
    assert "input#new_person_name[name=new_person_name]" in controls
    assert 'button#save[name=save][value=1] "Save contact"' in controls
    assert stops == controls, "Tab order differs from the form's controls:\n" + "\n".join(
        f"{'  ' if stop == control else '≠ '}{stop!s:70} {control}"
        for stop, control in zip(stops + [""] * len(controls), controls + [""] * len(stops), strict=False)
        if stop or control
    )

    keys.tab_to(form.form.get_by_role("button", name="Save contact"))
    keys.press_and_wait("Enter")
    engagement = expect_meeting_logged(site, meeting)
    screenshot("contact")

    for number, name in enumerate(meeting.organisations, start=1):
        if number > 1:
            page.go_back()
            engagement.expect_loaded(meeting.title)
        keys.tab_to(engagement.organisations.get_by_role("link", name=name, exact=True))
        keys.press_and_wait("Enter")
        organisation = OrganisationPage(site).expect_loaded(name)
        expect(organisation.timeline_entry(meeting.title)).to_have_count(1)
