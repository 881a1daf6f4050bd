"""Journeys more than one test walks: with JavaScript, without it, and with the keyboard alone.

Each step goes through page objects, which audit every page they land on (see site.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.pages import ActionsPage, EngagementPage, LogContactPage, OrganisationPage, sign_in_as
from tests.e2e.site import Site

Screenshot = Callable[[str], object]  # the screenshot fixture: saves the page under a name


def london_today() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()


def expect_javascript(site: Site) -> None:
    """The page ran GOV.UK Frontend's scripts exactly when the tab allows JavaScript."""
    body = site.page.locator("body")
    supported = re.compile(r"\bgovuk-frontend-supported\b")
    if site.javascript:
        expect(body).to_have_class(supported)
    else:
        expect(body).not_to_have_class(supported)


@dataclass(frozen=True)
class Meeting:
    """The meeting journeys 2, 6 and 7 log: two organisations, a person, two follow-up actions."""

    title: str = "Joint meeting on escalation routes for reports from young people"
    summary: str = "Agreed a shared escalation route and a single point of contact at each company."
    first: tuple[str, str, str] = ("kest", "Kestrel Social", "Technology company")  # query, name, sector
    second: tuple[str, str, str] = ("brightw", "Brightwave Messaging", "Technology company")
    person: str = "Olivia Grant"
    our_action: str = "Send both companies the draft escalation route"
    their_action: str = "Brightwave Messaging to name its escalation contact"

    @property
    def organisations(self) -> tuple[str, str]:
        return self.first[1], self.second[1]


def log_a_meeting(site: Site, screenshot: Screenshot, meeting: Meeting = Meeting()) -> None:
    """Journey 2 (and 6 without JavaScript): log a meeting, then see it on both organisations' pages.

    With JavaScript an organisation is added by choosing a suggestion; without, by Find and tick.
    """
    sign_in_as(site, "officer")
    form = LogContactPage(site).open()
    expect_javascript(site)
    # The type-ahead's suggestions list exists only where JavaScript runs.
    expect(site.page.locator("#organisation-suggestions")).to_have_count(1 if site.javascript else 0)
    screenshot("log-a-contact")

    # Saved empty first: the error state says what to do, next to each field and in the summary.
    form.save()
    form.expect_errors(
        "Enter a title",
        "Select at least one organisation that took part: find it by name, tick it, then save",
    )
    screenshot("log-a-contact-errors")

    form.describe(meeting.title, meeting.summary)
    for query, name, sector in (meeting.first, meeting.second):
        if site.javascript:
            form.choose_suggestion(query, name, sector)
        else:
            form.find_and_add(query, name)
    form.tick_person(meeting.person)
    today = london_today()
    form.action(1).fill(meeting.our_action, due=today + timedelta(days=14))
    form.add_action()
    form.action(2).fill(
        meeting.their_action,
        owner=f"{meeting.second[1]} (the partner owes it)",
        due=today + timedelta(days=21),
    )
    screenshot("log-a-contact-filled")
    form.save()

    expect_meeting_logged(site, meeting)
    screenshot("contact")
    see_meeting_on_both_timelines(site, meeting, screenshot)


def expect_meeting_logged(site: Site, meeting: Meeting) -> EngagementPage:
    engagement = EngagementPage(site)
    engagement.expect_banner(f"Contact logged with 2 follow-up actions: {meeting.title}")
    engagement.expect_loaded(meeting.title)
    for name in meeting.organisations:
        expect(engagement.organisations.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(engagement.people).to_contain_text(meeting.person)
    expect(engagement.actions).to_have_count(2)
    expect(engagement.actions.filter(has_text=meeting.our_action)).to_contain_text("Sam Okafor (we owe it)")
    expect(engagement.actions.filter(has_text=meeting.their_action)).to_contain_text(
        f"{meeting.second[1]} (chased by Sam Okafor)"
    )
    return engagement


def see_meeting_on_both_timelines(site: Site, meeting: Meeting, screenshot: Screenshot) -> None:
    engagement = EngagementPage(site)
    for number, name in enumerate(meeting.organisations, start=1):
        if number > 1:
            site.page.go_back()
            engagement.expect_loaded(meeting.title)
        engagement.open_organisation(name)
        organisation = OrganisationPage(site).expect_loaded(name)
        entry = organisation.timeline_entry(meeting.title)
        expect(entry).to_have_count(1)
        expect(entry).to_contain_text("by Sam Okafor")
        expect(entry).to_contain_text("Meeting")
        screenshot(f"timeline-{number}")


def complete_an_overdue_action(site: Site, screenshot: Screenshot) -> None:
    """Journey 3 (and 6 without JavaScript): my outstanding actions, overdue, complete one with a note."""
    sign_in_as(site, "officer")
    actions = ActionsPage(site).open()
    expect_javascript(site)
    screenshot("my-actions")
    actions.filter_due("Overdue")
    overdue = actions.due_count("Overdue")
    assert overdue > 0, "the demo data gives the officer overdue actions"
    expect(actions.rows).to_have_count(overdue)
    for row in actions.rows.all():
        expect(row).to_contain_text("Overdue by")
    screenshot("overdue")

    title = actions.rows.first.locator("td a.govuk-link").first.inner_text()
    action = actions.open_action(title)
    action.complete("Sent the briefing by email; they confirmed receipt.")
    action.expect_loaded(title)
    expect(action.badges).to_contain_text("Done")
    expect(action.summary).to_contain_text("Sent the briefing by email; they confirmed receipt.")
    screenshot("completed")

    actions = ActionsPage(site).open().filter_due("Overdue")
    expect(actions.rows).to_have_count(overdue - 1)
    expect(actions.row(title)).to_have_count(0)
    assert actions.due_count("Overdue") == overdue - 1
