"""/scorecard/export.csv and .xlsx: formula-safe, marked OFFICIAL in the name and first row, audited."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, CommitmentStatus
from crm.timezones import london_today
from tests import factories

PAYLOADS = [
    '=HYPERLINK("http://evil.example.org","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\tTabbed",
    "\rReturned",
]


@pytest.fixture
def dangerous(app):
    asks = factories.five_asks()
    lead = factories.UserFactory(name="@lead officer")
    companies = []
    for number, payload in enumerate(PAYLOADS):
        company = factories.OrganisationFactory(
            name=payload, sub_type=f"={number}+{number}", lead_officer=lead
        )
        factories.CommitmentFactory(organisation=company, ask=asks[0], status=CommitmentStatus.DELIVERED)
        companies.append(company)
    factories.OrganisationFactory(name="Zulu Safe Company", sub_type="gaming")
    return companies


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_csv_cells_are_formula_safe_and_the_file_is_marked(officer_client, dangerous):
    response = officer_client.get("/scorecard/export.csv")
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert (
        f'filename="OFFICIAL-scorecard-home-secretary-2018-{london_today().isoformat()}.csv"' in disposition
    )
    rows = _csv_rows(response)
    assert rows[0][0] == "OFFICIAL"
    assert rows[1][:4] == ["Organisation", "Sub-type", "Lead officer", "Asks delivered"]
    names = [row[0] for row in rows[2:]]
    assert sorted(names[:-1]) == sorted(f"'{payload}" for payload in PAYLOADS)
    assert names[-1] == "Zulu Safe Company"
    for row in rows[2:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[2][2] == "'@lead officer"
    assert rows[2][4] == "Delivered"


def test_xlsx_cells_are_text_not_formulas(officer_client, dangerous):
    response = officer_client.get("/scorecard/export.xlsx")
    assert "OFFICIAL-scorecard-home-secretary-2018" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == "OFFICIAL"
    assert sheet["A2"].value == "Organisation"
    values = []
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                values.append(cell.value)
    assert "'" + PAYLOADS[0] in values


def test_exports_follow_the_filters_and_are_audited(officer_client, officer, dangerous):
    response = officer_client.get("/scorecard/export.csv?sub_type=gaming")
    assert [row[0] for row in _csv_rows(response)[2:]] == ["Zulu Safe Company"]
    officer_client.get("/scorecard/export.xlsx")
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.event == "export", AuditEvent.entity_type == "Commitment")
            .order_by(AuditEvent.id)
        )
    )
    assert [(e.actor_id, e.changes["format"], e.changes["companies"]) for e in events] == [
        (officer.id, "csv", 1),
        (officer.id, "xlsx", 7),
    ]
    assert events[0].changes["filters"] == {"sub_type": "gaming"}
    assert events[0].changes["marking"] == "OFFICIAL"


def test_viewers_may_export_but_must_be_signed_in(client, viewer_client, dangerous):
    assert viewer_client.get("/scorecard/export.csv").status_code == 200
    assert client.get("/scorecard/export.csv").status_code == 302
