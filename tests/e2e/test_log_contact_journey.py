"""Journey 2: an officer logs a meeting with two organisations and a person, and two follow-up
actions, then sees it on both organisations' timelines. Journey 6 walks it again without JavaScript."""

from __future__ import annotations

from tests.e2e.journeys import log_a_meeting


def test_officer_logs_a_meeting_with_two_organisations_and_two_follow_ups(site, screenshot):
    log_a_meeting(site, screenshot)


def test_officer_logs_a_meeting_without_javascript(open_site, screenshot):
    site = open_site(javascript=False)
    log_a_meeting(site, lambda name: screenshot(name, of=site.page))
