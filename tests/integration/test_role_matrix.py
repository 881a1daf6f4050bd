"""Every route x role x verb: roles are enforced on the server, whatever the page shows.

Built from the app's URL map, so a new route is covered the day it is added. URL variables are
filled with the ids of real records, so a refusal comes from the role check, not a missing record.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from crm.models import Role
from tests import factories

PUBLIC = {"auth.login", "auth.set_password", "health.healthz", "static", "calendar.feed", "auth.two_factor"}
# Signing out ends the session the walk uses; it is covered by the sign-in tests.
NOT_WALKED = {"auth.logout"}
# Beyond /admin and merging: what else only admins may do.
ADMIN_ONLY = {
    "scorecard.new_framework",
    "scorecard.edit_framework",
    "scorecard.add_ask",
    "scorecard.edit_ask",
    "scorecard.move_ask",
    # Subject access exports and erasure of personal data.
    "people.export",
    "people.export_json",
    "people.erase",
}
# Team views: leads and admins.
LEAD_ONLY = {"people.retention"}
# Read-only URLs that serve a write form (the contact form's type-ahead): not for viewers.
WRITERS_ONLY = {"engagements.organisation_suggestions"}
# Writes that any signed-in user may make about themselves, viewers included.
SELF_SERVICE_POSTS = {"auth.logout", "auth.two_factor_setup"}
SELF_SERVICE_PREFIXES = ("account.",)


def _rules(app: Flask) -> list[tuple[str, str, str, bool]]:
    """(endpoint, method, rule, writes): a route that takes POST is a write route, its form included."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint in NOT_WALKED:
            continue
        methods = (rule.methods or set()) - {"HEAD", "OPTIONS"}
        for method in sorted(methods):
            routes.append((rule.endpoint, method, rule.rule, "POST" in methods))
    return sorted(routes)


@pytest.fixture
def records(officer):
    organisation = factories.OrganisationFactory()
    person = factories.PersonFactory(organisation=organisation)
    engagement = factories.EngagementFactory()
    action = factories.ActionFactory(owner_user=officer)
    return {"organisation": organisation, "person": person, "engagement": engagement, "action": action}


def _url(rule: str, records: dict) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(2)
        for kind, record in records.items():
            if name.startswith(kind):
                return str(record.id)
        return "1" if match.group(1) in ("int:", "") and not name.endswith(("key", "token", "kind")) else "x"

    return re.sub(r"<((?:[a-z]+:)?)([^<>]+)>", value, rule)


def _expected_refusal(endpoint: str, method: str, rule: str, writes: bool, role: Role) -> bool | None:
    """True: this role must get 403. False: it must not. None: either (a viewer opening a form page)."""
    if rule.startswith("/admin") or "merge" in endpoint or endpoint in ADMIN_ONLY:
        return role != Role.ADMIN
    if endpoint in LEAD_ONLY:
        return role not in (Role.LEAD, Role.ADMIN)
    if endpoint in WRITERS_ONLY:
        return role == Role.VIEWER
    if (
        role == Role.VIEWER
        and writes
        and endpoint not in SELF_SERVICE_POSTS
        and not endpoint.startswith(SELF_SERVICE_PREFIXES)
    ):
        return True if method == "POST" else None
    return False


@pytest.mark.parametrize("role", list(Role))
def test_every_route_answers_each_role_as_its_rights_say(app, role, records):
    user = factories.UserFactory(role=role)
    from tests.conftest import sign_in

    client = sign_in(app.test_client(), user)
    failures = []
    for endpoint, method, rule, writes in _rules(app):
        url = _url(rule, records)
        response = client.open(url, method=method, data={})
        refused = response.status_code == 403
        if response.status_code >= 500:
            failures.append(f"{method} {url} ({endpoint}): {response.status_code}")
        elif (
            expected := _expected_refusal(endpoint, method, rule, writes, role)
        ) is not None and expected != refused:
            failures.append(f"{method} {url} ({endpoint}): {response.status_code} for {role.value}")
    assert not failures, "\n".join(failures)
