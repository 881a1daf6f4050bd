"""The review's statements are built once per shape and run again with another request's values
(crm.services.prebuilt): a statement built for one request must answer the next exactly as a
statement built for it would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from crm.models import ActionStatus, User
from crm.services import prebuilt
from crm.services.actions import listing
from crm.services.actions.filters import parse_filters
from crm.timezones import london_today
from tests import factories
from tests.integration.actions.scenario import Scenario


@dataclass(frozen=True)
class View:
    who: str  # an attribute of the scenario: me, mate, stranger
    args: dict[str, Any]
    days_later: int = 0  # the review seen on a later day
    page: int = 1


# Pairs of views of the same shape: the first builds the statements, the second reuses them.
PAIRS = {
    "another officer's own actions": (View("mate", {}), View("me", {})),
    "another named officer": (View("me", {"owner": "user:{mate}"}), View("me", {"owner": "user:{me}"})),
    "another owing organisation": (
        View("me", {"owner": "org:{kestrel}"}),
        View("me", {"owner": "org:{beacon}"}),
    ),
    "another team": (View("stranger", {"owner": "team"}), View("me", {"owner": "team"})),
    "another organisation": (
        View("me", {"owner": "anyone", "organisation": "{beacon}"}),
        View("me", {"owner": "anyone", "organisation": "{kestrel}"}),
    ),
    "another sector": (
        View("me", {"owner": "anyone", "sector": "charity"}),
        View("me", {"owner": "anyone", "sector": "technology"}),
    ),
    "another ask": (
        View("me", {"owner": "anyone", "ask": "{second_ask}"}),
        View("me", {"owner": "anyone", "ask": "{first_ask}"}),
    ),
    "another engagement": (
        View("me", {"owner": "anyone", "engagement": "{other_engagement}"}),
        View("me", {"owner": "anyone", "engagement": "{engagement}"}),
    ),
    "another priority": (View("me", {"priority": "low"}), View("me", {"priority": "high"})),
    "another day": (View("me", {"due": "overdue"}, days_later=30), View("me", {"due": "overdue"})),
    "another page": (View("me", {"owner": "anyone"}, page=2), View("me", {"owner": "anyone"})),
    "other statuses": (
        View("me", {"status": ["done"]}),
        View("me", {"status": ["blocked"]}),
    ),
}

PER_PAGE = 3


@pytest.fixture
def ids(scenario: Scenario) -> dict[str, Any]:
    asks = factories.five_asks()
    return {
        "me": scenario.me.id,
        "mate": scenario.mate.id,
        "kestrel": scenario.kestrel.id,
        "beacon": scenario.beacon.id,
        "first_ask": asks[0].id,
        "second_ask": asks[1].id,
        "engagement": scenario.engagement.id,
        "other_engagement": factories.EngagementFactory(title="Another meeting").id,
    }


def _run(app: Flask, scenario: Scenario, ids: dict[str, Any], view: View) -> tuple[Any, list[str]]:
    user: User = getattr(scenario, view.who)
    args = MultiDict(
        [
            (name, value.format(**ids))
            for name, values in view.args.items()
            for value in (values if isinstance(values, list) else [values])
        ]
    )
    today: date = london_today() + timedelta(days=view.days_later)
    with app.app_context():  # a request's own flask.g
        filters, ignored = parse_filters(args)
        assert not ignored
        counts, page = listing.review(
            filters=filters, user=user, today=today, number=view.page, per_page=PER_PAGE
        )
        return counts, [action.title for action in page.items]


@pytest.mark.parametrize("pair", PAIRS.values(), ids=PAIRS.keys())
def test_a_reused_statement_answers_as_a_fresh_one(app, scenario, ids, pair):
    first, then = pair
    factories.ActionFactory(title="done-later", owner_user=scenario.me, status=ActionStatus.DONE)
    prebuilt.forget_all()
    fresh = _run(app, scenario, ids, then)
    prebuilt.forget_all()
    built_for_first = _run(app, scenario, ids, first)
    reused = _run(app, scenario, ids, then)

    assert reused == fresh
    assert built_for_first != fresh, "the pair must differ, or the test proves nothing"


def test_the_views_of_one_shape_share_their_statements(app, scenario, ids):
    first, then = PAIRS["another organisation"]
    prebuilt.forget_all()
    _run(app, scenario, ids, first)
    built = len(prebuilt._built)
    _run(app, scenario, ids, then)
    assert built == 3  # the counts, the organisation counts and the page
    assert len(prebuilt._built) == built
