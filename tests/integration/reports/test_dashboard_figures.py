"""The figures offered to the dashboard: scorecard summary, relationships gone quiet, this month vs last."""

from __future__ import annotations

from datetime import timedelta

from crm.models import Classification, CommitmentStatus, Sector
from crm.services.dashboard import longest_quiet
from crm.services.months import add_months, london_midnight, month_key
from crm.services.reports import engagements_this_month_vs_last
from crm.services.reports.figures import quiet_relationship_figures
from crm.services.scorecard import scorecard_summary
from crm.timezones import london_today
from tests import factories

S = CommitmentStatus


def test_scorecard_summary_counts_each_status_per_ask(app_context):
    asks = factories.five_asks()
    a, b = factories.OrganisationFactory(), factories.OrganisationFactory()
    factories.OrganisationFactory(sector=Sector.CHARITY)
    factories.CommitmentFactory(organisation=a, ask=asks[0], status=S.DELIVERED)
    factories.CommitmentFactory(organisation=b, ask=asks[0], status=S.COMMITTED)
    factories.CommitmentFactory(organisation=b, ask=asks[4], status=S.NOT_ENGAGED)
    summary = scorecard_summary()
    assert summary is not None and summary.companies == 2
    first, last = summary.asks[0].counts, summary.asks[4].counts
    assert (first[S.DELIVERED], first[S.COMMITTED], first[S.NOT_ENGAGED]) == (1, 1, 0)
    assert last[S.NOT_ENGAGED] == 2
    assert scorecard_summary(framework_key="missing") is None


def test_quiet_relationships_for_the_dashboard_puts_the_longest_silent_first(app_context):
    officer = factories.UserFactory()
    today = london_today()
    never = factories.OrganisationFactory(name="Zed Never")
    old = factories.OrganisationFactory(name="Old Contact")
    older = factories.OrganisationFactory(name="Older Contact")
    fresh = factories.OrganisationFactory(name="Fresh")
    factories.EngagementFactory(starts_at=london_midnight(today - timedelta(days=3)), organisations=[fresh])
    factories.EngagementFactory(starts_at=london_midnight(today - timedelta(days=100)), organisations=[old])
    factories.EngagementFactory(starts_at=london_midnight(today - timedelta(days=200)), organisations=[older])
    quiet = quiet_relationship_figures(user=officer, today=today)
    assert quiet.total == 3
    shown = longest_quiet(quiet, 2)
    assert [line.organisation_id for line in shown] == [never.id, older.id]
    assert shown[1].last_engagement_at == london_midnight(today - timedelta(days=200))


def test_a_quiet_relationships_last_contact_is_its_latest_readable_one_before_the_window(app_context):
    team = factories.TeamFactory()
    officer = factories.UserFactory()
    today = london_today()
    cutoff = london_midnight(today - timedelta(days=90))
    meeting = factories.EngagementFactory
    edge = factories.OrganisationFactory(name="At The Cutoff")
    lapsed = factories.OrganisationFactory(name="Lapsed")
    hidden = factories.OrganisationFactory(name="Hidden Contact")
    meeting(starts_at=cutoff, organisations=[edge])  # the first instant of the window: contact
    meeting(starts_at=cutoff - timedelta(seconds=1), organisations=[lapsed])
    meeting(starts_at=cutoff - timedelta(days=30), organisations=[lapsed])
    meeting(starts_at=london_midnight(today + timedelta(days=1)), organisations=[lapsed])  # booked
    meeting(starts_at=cutoff - timedelta(days=10), organisations=[hidden])
    meeting(
        starts_at=cutoff + timedelta(days=10),
        organisations=[hidden],
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
    )
    last = {
        line.organisation_id: line.last_engagement_at
        for line in quiet_relationship_figures(user=officer, today=today).lines
    }
    assert last == {lapsed.id: cutoff - timedelta(seconds=1), hidden.id: cutoff - timedelta(days=10)}
    team_member = factories.UserFactory(team=team)
    assert quiet_relationship_figures(user=team_member, today=today).lines[0].organisation_id == lapsed.id
    assert quiet_relationship_figures(user=team_member, today=today).total == 1


def test_engagements_this_month_vs_last_through_the_access_scope(app_context):
    officer = factories.UserFactory()
    today = london_today()
    this_start = london_midnight(today.replace(day=1))
    last_start = london_midnight(add_months(today.replace(day=1), -1))
    meeting = factories.EngagementFactory
    meeting(starts_at=this_start)  # the first instant of this month
    meeting(starts_at=this_start - timedelta(seconds=1))  # the last of last month
    meeting(starts_at=last_start)
    meeting(starts_at=last_start - timedelta(seconds=1))  # the month before: not counted
    meeting(starts_at=london_midnight(today + timedelta(days=1)))  # tomorrow: not held yet
    meeting(
        starts_at=this_start,
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=factories.TeamFactory(),
    )
    comparison = engagements_this_month_vs_last(user=officer, today=today)
    assert (comparison.this_month, comparison.last_month) == (1, 2)
    assert comparison.change == -1
    assert comparison.this_month_key == month_key(today)
