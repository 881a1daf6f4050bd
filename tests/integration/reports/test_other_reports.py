"""Overdue actions, relationships gone quiet and scorecard movement, against direct counts."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import (
    OUTSTANDING_STATUSES,
    ActionStatus,
    Ask,
    AuditEvent,
    Classification,
    CommitmentStatus,
    Framework,
    RelationshipStatus,
    Sector,
)
from crm.models.base import utcnow
from crm.services.access import can_read
from crm.timezones import london_today
from tests import factories
from tests.html import page, text_of
from tests.integration.reports.conftest import csv_rows, table_rows

S = CommitmentStatus


def test_the_reports_page_lists_every_report(viewer_client):
    response = viewer_client.get("/reports/")
    links = [a["href"] for a in page(response).select("#report-list a")]
    assert links == [
        "/reports/engagements-by-sector",
        "/reports/actions-opened-closed",
        "/reports/overdue-actions",
        "/reports/quiet-relationships",
        "/reports/scorecard-movement",
    ]


def test_an_unknown_report_is_not_found(viewer_client):
    assert viewer_client.get("/reports/nothing").status_code == 404
    assert viewer_client.get("/reports/nothing.csv").status_code == 404


@pytest.fixture
def overdue(app):
    today = london_today()
    north = factories.TeamFactory(name="North desk")
    secret = factories.TeamFactory(name="Secret team")
    xavier = factories.UserFactory(name="Xavier Officer", team=north)
    yusuf = factories.UserFactory(name="<script>alert('y')</script>")
    partner = factories.OrganisationFactory()
    make = factories.ActionFactory
    return [
        make(owner_user=xavier, due_on=today - timedelta(days=1)),
        make(owner_user=xavier, due_on=today - timedelta(days=30), status=ActionStatus.BLOCKED),
        make(owner_user=xavier, due_on=today),  # due today: not yet overdue
        make(owner_user=xavier, due_on=today - timedelta(days=3), status=ActionStatus.DONE),
        make(owner_user=xavier, due_on=None),
        make(owner_organisation=partner, chaser=yusuf, due_on=today - timedelta(days=5)),
        make(
            owner_user=xavier,
            due_on=today - timedelta(days=2),
            classification=Classification.OFFICIAL_SENSITIVE,
            access_team=secret,
        ),
    ]


def direct_overdue(records, user) -> Counter:
    today = london_today()
    counts: Counter = Counter()
    for action in records:
        if (
            can_read(action, user)
            and action.status in OUTSTANDING_STATUSES
            and action.due_on
            and action.due_on < today
        ):
            officer = action.owner_user or action.chaser
            counts[(officer.name, officer.team.name if officer.team else "No team")] += 1
    return counts


def test_overdue_actions_by_team_and_officer_match_a_direct_count(officer_client, officer, overdue):
    expected = direct_overdue(overdue, officer)  # before the request ends the test's session
    response = officer_client.get("/reports/overdue-actions")
    rows = table_rows(response, "overdue-actions-table")
    assert Counter({(row[0], row[1]): int(row[2]) for row in rows}) == expected
    assert rows == [["Xavier Officer", "North desk", "2"], ["<script>alert('y')</script>", "No team", "1"]]


def test_an_admin_sees_the_sensitive_overdue_action_and_the_marking(admin_client, admin, overdue):
    expected = direct_overdue(overdue, admin)
    response = admin_client.get("/reports/overdue-actions")
    rows = table_rows(response, "overdue-actions-table")
    assert rows[0] == ["Xavier Officer", "North desk", "3"]
    assert Counter({(row[0], row[1]): int(row[2]) for row in rows}) == expected
    assert text_of(response, "#marking .moj-badge") == "OFFICIAL-SENSITIVE"


def test_names_are_escaped_inside_the_svg_and_neutralised_in_the_csv(officer_client, overdue):
    response = officer_client.get("/reports/overdue-actions")
    body = response.get_data(as_text=True)
    assert "<script>alert('y')</script>" not in body
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert "&lt;script&gt;alert(" in svg
    labels = [text.get_text() for text in page(response).select("svg#overdue-actions-chart text")]
    assert "<script>alert('y')</script> (no team)" in labels
    assert "2 overdue" in labels


def test_the_csv_cells_are_formula_safe(officer_client):
    partner = factories.OrganisationFactory()
    chaser = factories.UserFactory(name='=HYPERLINK("http://evil.example.org")')
    factories.ActionFactory(
        owner_organisation=partner, chaser=chaser, due_on=london_today() - timedelta(days=1)
    )
    rows = csv_rows(officer_client.get("/reports/overdue-actions.csv"))
    assert rows[0][0] == "OFFICIAL"
    assert rows[2][0] == '\'=HYPERLINK("http://evil.example.org")'


def test_no_overdue_actions_is_said_plainly(officer_client):
    response = officer_client.get("/reports/overdue-actions")
    assert "No outstanding action is past its due date" in text_of(response, "#overdue-actions-table-empty")


@pytest.fixture
def relationships(app):
    now = datetime.now(UTC)
    team = factories.TeamFactory()
    make = factories.OrganisationFactory
    recent = make(name="Recent Tech")
    stale = make(name="Stale Tech")
    booked = make(name="Booked Tech")
    helpline = make(name="Never Helpline", sector=Sector.CHARITY)
    make(name="Archived Tech", archived_at=utcnow())
    make(name="Closed Unit", sector=Sector.LAW_ENFORCEMENT, relationship_status=RelationshipStatus.CLOSED)
    policy = make(name="Policy Team", sector=Sector.GOVERNMENT)
    meeting = factories.EngagementFactory
    records = [
        meeting(starts_at=now - timedelta(days=10), organisations=[recent]),
        meeting(starts_at=now - timedelta(days=100), organisations=[stale, recent]),
        meeting(starts_at=now + timedelta(days=5), organisations=[booked]),  # booked, not yet held
        meeting(
            starts_at=now - timedelta(days=5),
            organisations=[policy],
            classification=Classification.OFFICIAL_SENSITIVE,
            access_team=team,
        ),
    ]
    return records, [recent, stale, booked, helpline, policy]


def direct_quiet(records, organisations, user) -> Counter:
    cutoff = datetime.now(UTC) - timedelta(days=90)
    now = datetime.now(UTC)
    quiet: Counter = Counter()
    for organisation in organisations:
        seen = [
            e.starts_at
            for e in records
            if organisation in e.organisations and can_read(e, user) and e.starts_at <= now
        ]
        if not seen or max(seen) < cutoff:
            quiet[organisation.sector.label] += 1
    return quiet


def test_relationships_gone_quiet_match_a_direct_count(officer_client, officer, relationships):
    records, organisations = relationships
    expected = direct_quiet(records, organisations, officer)
    response = officer_client.get("/reports/quiet-relationships")
    counts = table_rows(response, "quiet-relationships-table")
    assert Counter({row[0]: int(row[1]) for row in counts if int(row[1])}) == expected
    assert counts == [
        ["Technology company", "2", "3"],
        ["Law enforcement", "0", "0"],
        ["Charity / child protection", "1", "1"],
        ["Government team", "1", "1"],  # its only engagement is sensitive: this officer cannot see it
    ]
    listing = table_rows(response, "quiet-organisations-table")
    assert [row[0] for row in listing] == ["Booked Tech", "Stale Tech", "Never Helpline", "Policy Team"]
    assert listing[0][2] == "Never" and listing[1][2] != "Never"
    rows = csv_rows(officer_client.get("/reports/quiet-relationships.csv"))
    assert rows[1] == ["Organisation", "Sector", "Last engagement"]
    assert [row[0] for row in rows[2:]] == ["Booked Tech", "Stale Tech", "Never Helpline", "Policy Team"]


def test_an_admin_sees_the_sensitive_contact(admin_client, admin, relationships):
    records, organisations = relationships
    expected = direct_quiet(records, organisations, admin)
    counts = table_rows(admin_client.get("/reports/quiet-relationships"), "quiet-relationships-table")
    assert counts[3] == ["Government team", "0", "1"]
    assert Counter({row[0]: int(row[1]) for row in counts if int(row[1])}) == expected


def _history(organisation, ask, steps):
    """A commitment whose status changed at the given days ago (status None: a notes-only edit)."""
    now = datetime.now(UTC)
    commitment = factories.CommitmentFactory(organisation=organisation, ask=ask, status=steps[0][1])
    for _days, status in steps[1:]:
        if status is None:
            commitment.notes += "More notes. "
        else:
            commitment.status = status
        db.session.commit()
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "Commitment", AuditEvent.entity_id == commitment.id)
        .order_by(AuditEvent.id)
    ).all()
    assert len(events) == len(steps)
    for event, (days, _status) in zip(events, steps, strict=True):
        event.occurred_at = now - timedelta(days=days)
    db.session.commit()


@pytest.fixture
def movement(app):
    asks = factories.five_asks()
    a, b, c = (factories.OrganisationFactory(name=name) for name in ("Alpha", "Bravo", "Charlie"))
    police = factories.OrganisationFactory(name="Unit", sector=Sector.LAW_ENFORCEMENT)
    other = Framework(key="other", name="Other framework")
    other_ask = Ask(framework=other, key="one", position=1, title="<img src=x onerror=alert(1)>")
    db.session.add_all([other, other_ask])
    db.session.commit()
    _history(a, asks[0], [(100, S.IN_DISCUSSION), (50, S.COMMITTED), (10, S.DELIVERED)])  # up
    _history(b, asks[0], [(200, S.COMMITTED), (20, S.DECLINED)])  # down
    _history(a, asks[1], [(30, S.IN_PROGRESS)])  # first recorded in the period: up from not engaged
    _history(b, asks[1], [(300, S.COMMITTED), (40, S.IN_DISCUSSION), (30, S.COMMITTED)])  # and back
    _history(c, asks[2], [(300, S.COMMITTED), (5, None)])  # notes only: no movement
    _history(c, asks[3], [(10, S.NOT_ENGAGED)])  # recorded as not engaged: no movement
    _history(police, asks[0], [(10, S.DELIVERED)])  # not a technology company
    _history(a, other_ask, [(10, S.DELIVERED)])  # another framework
    return asks, other


def test_scorecard_movement_by_ask(officer_client, movement):
    asks, _other = movement
    today = london_today()
    query = f"from={(today - timedelta(days=60)).isoformat()}&to={today.isoformat()}"
    response = officer_client.get(f"/reports/scorecard-movement?{query}")
    rows = table_rows(response, "scorecard-movement-table")
    assert [row[1:] for row in rows] == [
        ["1", "1", "0"],
        ["1", "0", "1"],
        ["0", "0", "0"],
        ["0", "0", "0"],
        ["0", "0", "0"],
    ]
    assert rows[0][0] == f"Ask 1: {asks[0].title}"
    labels = [text.get_text() for text in page(response).select("svg#scorecard-movement-chart text")]
    assert "1 up" in labels and "1 down" in labels
    # Over the last year the first ask's up move starts from in discussion (100 days ago) instead.
    year = officer_client.get("/reports/scorecard-movement")
    assert table_rows(year, "scorecard-movement-table")[0][1:] == ["1", "1", "0"]
    # A period before any change shows no movement.
    early = officer_client.get("/reports/scorecard-movement?from=2020-01-01&to=2020-12-31")
    assert all(row[1:] == ["0", "0", "0"] for row in table_rows(early, "scorecard-movement-table"))


def test_movement_for_another_framework_escapes_its_ask_titles(officer_client, movement):
    _asks, other = movement
    response = officer_client.get(f"/reports/scorecard-movement?framework={other.key}")
    body = response.get_data(as_text=True)
    assert "<img src=x onerror=alert(1)>" not in body
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert table_rows(response, "scorecard-movement-table") == [
        ["Ask 1: <img src=x onerror=alert(1)>", "1", "0", "0"]
    ]


def test_an_unknown_framework_falls_back_with_a_message(officer_client, movement):
    response = officer_client.get("/reports/scorecard-movement?framework=gone")
    assert "no framework with that key" in text_of(response, "#ignored-filters")
    assert len(table_rows(response, "scorecard-movement-table")) == 5
