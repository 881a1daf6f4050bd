"""A small, known set of actions around one officer, used by several test modules."""

from __future__ import annotations

from dataclasses import dataclass

from crm.models import (
    Action,
    ActionStatus,
    Classification,
    Engagement,
    Organisation,
    Priority,
    Sector,
    Team,
    User,
)
from tests import factories
from tests.integration.actions.helpers import days


@dataclass
class Scenario:
    team: Team
    other_team: Team
    me: User
    mate: User
    stranger: User
    kestrel: Organisation
    beacon: Organisation
    engagement: Engagement
    actions: dict[str, Action]


def build() -> Scenario:
    """Me (team A) with a team mate, and a stranger in team B.

    Default view for me (outstanding, mine or chased by me), in due order:
      overdue-mine (due -3, high, Kestrel), partner-overdue (Beacon owes, I chase, due -1),
      blocked-mine (due +2, blocked, low), later-mine (due +20, first ask), from-meeting (no due date).
    Also: done-mine (done), mates-action (mate, due +1), strangers-action (stranger, no due date),
    and two OFFICIAL-SENSITIVE actions of team B (one owed by me, overdue) that I must never see.
    """
    team = factories.TeamFactory(name="Team A")
    other_team = factories.TeamFactory(name="Team B")
    me = factories.UserFactory(name="Mo Officer", team=team)
    mate = factories.UserFactory(name="Ada Mate", team=team)
    stranger = factories.UserFactory(name="Zed Stranger", team=other_team)
    kestrel = factories.OrganisationFactory(name="Kestrel Social", sector=Sector.TECHNOLOGY)
    beacon = factories.OrganisationFactory(name="Beacon Trust", sector=Sector.CHARITY)
    engagement = factories.EngagementFactory(title="Quarterly review")
    ask = factories.five_asks()[0]
    a = {}
    a["overdue-mine"] = factories.ActionFactory(
        title="overdue-mine", owner_user=me, due_on=days(-3), priority=Priority.HIGH, organisations=[kestrel]
    )
    a["partner-overdue"] = factories.ActionFactory(
        title="partner-overdue", owner_organisation=beacon, chaser=me, due_on=days(-1)
    )
    a["blocked-mine"] = factories.ActionFactory(
        title="blocked-mine",
        owner_user=me,
        due_on=days(2),
        status=ActionStatus.BLOCKED,
        priority=Priority.LOW,
    )
    a["later-mine"] = factories.ActionFactory(title="later-mine", owner_user=me, due_on=days(20), ask=ask)
    a["from-meeting"] = factories.ActionFactory(title="from-meeting", owner_user=me, engagement=engagement)
    a["done-mine"] = factories.ActionFactory(
        title="done-mine", owner_user=me, due_on=days(-10), status=ActionStatus.DONE, completed_on=days(-9)
    )
    a["mates-action"] = factories.ActionFactory(title="mates-action", owner_user=mate, due_on=days(1))
    a["strangers-action"] = factories.ActionFactory(title="strangers-action", owner_user=stranger)
    a["secret-of-b"] = factories.ActionFactory(
        title="secret-of-b",
        owner_user=stranger,
        due_on=days(-5),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=other_team,
        organisations=[kestrel],
    )
    a["secret-owed-by-me"] = factories.ActionFactory(
        title="secret-owed-by-me",
        owner_user=me,
        due_on=days(-2),
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=other_team,
        organisations=[beacon],
    )
    return Scenario(team, other_team, me, mate, stranger, kestrel, beacon, engagement, a)
