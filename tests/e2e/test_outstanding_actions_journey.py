"""Journey 3: an officer opens their outstanding actions, filters to overdue and completes one with
a note; it leaves the list. Journey 6 walks it again without JavaScript."""

from __future__ import annotations

from tests.e2e.journeys import complete_an_overdue_action


def test_officer_completes_an_overdue_action(site, screenshot):
    complete_an_overdue_action(site, screenshot)


def test_officer_completes_an_overdue_action_without_javascript(open_site, screenshot):
    site = open_site(javascript=False)
    complete_an_overdue_action(site, lambda name: screenshot(name, of=site.page))
