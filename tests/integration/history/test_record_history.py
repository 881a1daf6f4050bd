"""Each record's History page shows its audited changes, within the access scope."""

from __future__ import annotations

from crm.extensions import db
from crm.models import Classification, User
from tests import factories
from tests.html import page, text_of


def test_an_organisations_history_shows_each_change(officer_client):
    organisation = factories.OrganisationFactory(name="Quillpoint")
    organisation.name = "Quillpoint Forums"
    db.session.commit()
    response = officer_client.get(f"/history/organisation/{organisation.id}")
    assert text_of(response, "h1") == "History of Quillpoint Forums"
    rows = page(response).select("#audit-events tbody tr")
    assert len(rows) == 2
    assert "Quillpoint → Quillpoint Forums" in rows[0].get_text(" ")


def test_a_sensitive_engagements_history_is_hidden_outside_its_team(officer_client, officer):
    team = factories.TeamFactory()
    engagement = factories.EngagementFactory(
        classification=Classification.OFFICIAL_SENSITIVE, access_team=team
    )
    assert officer_client.get(f"/history/engagement/{engagement.id}").status_code == 404
    # The officer object left its session with the last request: change the row through a fresh one.
    db.session.get(User, officer.id).team_id = team.id
    db.session.commit()
    assert officer_client.get(f"/history/engagement/{engagement.id}").status_code == 200


def test_unknown_kinds_and_records_are_not_found(officer_client):
    assert officer_client.get("/history/user/1").status_code == 404
    assert officer_client.get("/history/organisation/999999").status_code == 404


def test_an_erased_persons_history_is_for_admins_only(officer_client, admin_client):
    from datetime import UTC, datetime

    from crm.models import Person

    person = factories.PersonFactory(name="Jo Bloggs")
    db.session.get(Person, person.id).erased_at = datetime.now(UTC)
    db.session.commit()
    assert officer_client.get(f"/history/person/{person.id}").status_code == 404
    assert admin_client.get(f"/history/person/{person.id}").status_code == 200
