"""/scorecard/<organisation>/<ask>: the status history, the evidence (through the access scope), updates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.extensions import db
from crm.models import AuditEvent, Classification, Commitment, CommitmentStatus, Sector
from crm.timezones import london_today
from tests import factories
from tests.html import error_summary, field_errors, page, text_of

S = CommitmentStatus


def _form(status: str, *, version: str = "", notes: str = "", day=None) -> dict[str, object]:
    day = day or london_today()
    return {
        "status": status,
        "notes": notes,
        "last_reviewed_on": [str(day.day), str(day.month), str(day.year)],
        "version": version,
    }


def _saved(organisation, ask) -> Commitment | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Commitment).where(Commitment.organisation_id == organisation.id, Commitment.ask_id == ask.id)
    )


def test_the_first_update_creates_the_commitment_and_two_updates_make_the_history(officer_client, officer):
    company = factories.OrganisationFactory(name="Harbourline Chat")
    ask = factories.five_asks()[1]
    url = f"/scorecard/{company.id}/{ask.id}"
    assert "Not engaged" in text_of(officer_client.get(url), "#current-status")

    response = officer_client.post(url, data=_form("in-discussion", notes="First call"))
    assert response.status_code == 302
    first = _saved(company, ask)
    assert first is not None and first.status == S.IN_DISCUSSION and first.last_reviewed_on == london_today()

    officer_client.post(url, data=_form("committed", version=str(first.version), notes="Agreed in writing"))
    assert _saved(company, ask).status == S.COMMITTED

    response = officer_client.get(url)
    rows = page(response).select("#status-history tbody tr")
    assert len(rows) == 2
    newest, oldest = ([cell.get("data-status") for cell in row.select("td[data-status]")] for row in rows)
    assert newest == ["in-discussion", "committed"]
    assert oldest == ["", "in-discussion"]
    assert officer.name in rows[0].get_text() and officer.name in rows[1].get_text()
    assert "Nothing recorded (not engaged)" in rows[1].get_text()
    assert "Agreed in writing" in text_of(response, "#current-notes")


def test_a_notes_only_update_is_not_a_status_change(officer_client):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    commitment = factories.CommitmentFactory(organisation=company, ask=ask, status=S.COMMITTED)
    officer_client.post(
        f"/scorecard/{company.id}/{ask.id}",
        data=_form("committed", version=str(commitment.version), notes="More"),
    )
    rows = page(officer_client.get(f"/scorecard/{company.id}/{ask.id}")).select("#status-history tbody tr")
    assert len(rows) == 1  # the creation only


def test_a_stale_update_is_refused_with_the_other_persons_values(officer_client, connection):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    commitment = factories.CommitmentFactory(organisation=company, ask=ask, status=S.IN_DISCUSSION)
    opened_version = str(commitment.version)

    other = Session(bind=connection, join_transaction_mode="create_savepoint")
    theirs = other.get(Commitment, commitment.id)
    theirs.status = S.DELIVERED
    other.commit()
    other.close()

    response = officer_client.post(
        f"/scorecard/{company.id}/{ask.id}", data=_form("declined", version=opened_version)
    )
    assert response.status_code == 200
    assert "Someone else changed this position" in text_of(response, "#edit-conflict")
    assert "Delivered" in text_of(response, "#edit-conflict table") and "Declined" in text_of(
        response, "#edit-conflict"
    )
    assert _saved(company, ask).status == S.DELIVERED
    # The form now shows the saved version, ready to try again.
    checked = page(response).select_one('#commitment-form input[name="status"][checked]')
    assert checked["value"] == "delivered"


def test_a_position_recorded_by_someone_else_since_the_page_opened_is_a_conflict(officer_client):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    # Opened when nothing was recorded (no version); someone else records first.
    factories.CommitmentFactory(organisation=company, ask=ask, status=S.COMMITTED)
    response = officer_client.post(f"/scorecard/{company.id}/{ask.id}", data=_form("declined", version=""))
    assert page(response).select_one("#edit-conflict") is not None
    assert _saved(company, ask).status == S.COMMITTED


def test_bad_input_gets_gov_uk_errors_and_saves_nothing(officer_client):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    url = f"/scorecard/{company.id}/{ask.id}"
    response = officer_client.post(
        url, data={"status": "", "notes": "x" * 5001, "last_reviewed_on": ["", "", ""]}
    )
    assert error_summary(response) == [
        "Select where the company stands on this ask",
        "Notes must be 5000 characters or fewer",
        "Enter the date last reviewed",
    ]
    assert page(response).title.get_text().startswith("Error:")
    tomorrow = london_today() + timedelta(days=1)
    response = officer_client.post(url, data=_form("committed", day=tomorrow))
    assert "Date last reviewed must be today or in the past" in field_errors(response)
    response = officer_client.post(url, data={"status": "committed", "last_reviewed_on": ["31", "2", "2026"]})
    assert "Date last reviewed must be a real date" in field_errors(response)
    response = officer_client.post(url, data={"status": "committed"})  # the date omitted altogether
    assert "Enter the date last reviewed" in field_errors(response)
    assert _saved(company, ask) is None


def test_viewers_read_but_cannot_update(viewer_client):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    url = f"/scorecard/{company.id}/{ask.id}"
    response = viewer_client.get(url)
    assert response.status_code == 200
    assert page(response).select_one("#commitment-form") is None
    assert viewer_client.post(url, data=_form("delivered")).status_code == 403
    assert _saved(company, ask) is None


def test_unknown_organisation_or_ask_is_not_found(viewer_client):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    assert viewer_client.get(f"/scorecard/{company.id}/999999").status_code == 404
    assert viewer_client.get(f"/scorecard/999999/{ask.id}").status_code == 404


def _evidence_fixture():
    team = factories.TeamFactory(name="Sensitive casework")
    company = factories.OrganisationFactory(name="Harbourline Chat")
    charity = factories.OrganisationFactory(name="Safe Line Helpline", sector=Sector.CHARITY)
    police = factories.OrganisationFactory(name="Regional Unit", sector=Sector.LAW_ENFORCEMENT)
    asks = factories.five_asks()
    when = datetime.now(UTC) - timedelta(days=3)
    open_meeting = factories.EngagementFactory(
        title="Round table on upload blocking",
        organisations=[company, charity],
        asks=[asks[0]],
        starts_at=when,
    )
    sensitive = factories.EngagementFactory(
        title="Sensitive briefing",
        organisations=[company, police],
        asks=[asks[0], asks[1]],
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=team,
        starts_at=when + timedelta(hours=1),
    )
    factories.EngagementFactory(title="Other ask", organisations=[company], asks=[asks[2]])
    factories.EngagementFactory(title="Other company", organisations=[charity], asks=[asks[0]])
    return team, company, asks[0], open_meeting, sensitive


def test_evidence_lists_engagements_on_the_ask_with_the_company_and_their_sectors(officer_client):
    _team, company, ask, open_meeting, _sensitive = _evidence_fixture()
    response = officer_client.get(f"/scorecard/{company.id}/{ask.id}")
    items = page(response).select("#evidence > li")
    assert [int(item["data-engagement"]) for item in items] == [open_meeting.id]
    assert "Technology company; Charity / child protection" in items[0].select_one(".app-sectors").get_text()
    assert items[0].select_one("a")["href"] == f"/engagements/{open_meeting.id}"
    assert "Sensitive briefing" not in response.get_data(as_text=True)
    assert "OFFICIAL" in text_of(response, "#marking")


def test_sensitive_evidence_shows_to_its_team_with_the_page_marked(app):
    team, company, ask, open_meeting, sensitive = _evidence_fixture()
    from tests.conftest import sign_in

    member = factories.UserFactory(team=team)
    client = sign_in(app.test_client(), member)
    response = client.get(f"/scorecard/{company.id}/{ask.id}")
    ids = [int(item["data-engagement"]) for item in page(response).select("#evidence > li")]
    assert ids == [sensitive.id, open_meeting.id]
    assert "OFFICIAL-SENSITIVE" in text_of(response, "#marking")


def test_evidence_empty_state_says_what_to_do(viewer_client):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    response = viewer_client.get(f"/scorecard/{company.id}/{ask.id}")
    assert "tick this ask" in text_of(response, "#no-evidence")
    assert "No change of status" in text_of(response, "#no-history")


def test_the_update_is_audited_with_the_officer(officer_client, officer):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    officer_client.post(f"/scorecard/{company.id}/{ask.id}", data=_form("committed"))
    commitment = _saved(company, ask)
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "Commitment", AuditEvent.entity_id == commitment.id
        )
    )
    assert event.event == "create" and event.actor_id == officer.id and event.changes["status"] == "committed"


def test_a_meeting_booked_for_later_is_not_yet_evidence(viewer_client):
    company = factories.OrganisationFactory()
    ask = factories.five_asks()[0]
    factories.EngagementFactory(
        title="Booked", organisations=[company], asks=[ask], starts_at=datetime.now(UTC) + timedelta(days=2)
    )
    response = viewer_client.get(f"/scorecard/{company.id}/{ask.id}")
    assert page(response).select_one("#no-evidence") is not None
