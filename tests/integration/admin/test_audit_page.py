"""/admin/audit lists the trail, filtered, and renders what users typed inertly."""

from __future__ import annotations

from crm.extensions import db
from crm.models import Organisation, Sector
from tests import factories
from tests.html import page


def test_changes_show_with_before_and_after(admin_client):
    organisation = factories.OrganisationFactory(name="Harbourline Chat")
    organisation.name = "Harbourline"
    db.session.commit()
    response = admin_client.get(f"/admin/audit?entity_type=Organisation&entity_id={organisation.id}")
    rows = page(response).select("#audit-events tbody tr")
    assert len(rows) == 2
    assert "Harbourline Chat → Harbourline" in rows[0].get_text(" ")


def test_filters_narrow_the_list(admin_client, officer):
    factories.OrganisationFactory()
    response = admin_client.get("/admin/audit?event=sign-in")
    assert page(response).select_one("#no-events") is not None


def test_typed_markup_is_shown_as_text(admin_client):
    db.session.add(Organisation(name="<script>alert('x')</script>", sector=Sector.CHARITY))
    db.session.commit()
    response = admin_client.get("/admin/audit?entity_type=Organisation")
    body = response.get_data(as_text=True)
    assert "<script>alert('x')</script>" not in body
    assert "&lt;script&gt;" in body
