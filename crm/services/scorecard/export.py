"""The scorecard as a CSV or XLSX file: one row per company, a status and review date per ask.

The scorecard holds no sensitive records (commitments carry no classification; the engagements
behind them are not exported), so every file is marked OFFICIAL, in its name and its first row.
Each export is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm.models import Classification
from crm.services.audit import record_event
from crm.services.reports.spreadsheets import csv_bytes, file_name, marked_dataset, xlsx_bytes
from crm.services.scorecard.matrix import Scorecard

SCORECARD_MARKING = Classification.OFFICIAL
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    name: str
    mimetype: str
    content: bytes


def _headers(scorecard: Scorecard) -> list[str]:
    headers = ["Organisation", "Sub-type", "Lead officer", "Asks delivered"]
    for ask in scorecard.asks:
        headers += [f"Ask {ask.position}: {ask.title}", f"Ask {ask.position} last reviewed"]
    return headers


def _rows(scorecard: Scorecard) -> list[list[object]]:
    rows: list[list[object]] = []
    for row in scorecard.rows:
        lead = row.organisation.lead_officer
        line: list[object] = [
            row.organisation.name,
            row.organisation.sub_type,
            lead.name if lead else "",
            row.delivered,
        ]
        for cell in row.cells:
            reviewed = cell.last_reviewed_on.isoformat() if cell.last_reviewed_on else ""
            line += [cell.status.label, reviewed]
        rows.append(line)
    return rows


def export_scorecard(*, scorecard: Scorecard, file_format: str, today: date) -> ExportFile:
    """Build the file and audit the export (added to the session; the view commits)."""
    dataset = marked_dataset(
        marking=SCORECARD_MARKING, title="Scorecard", headers=_headers(scorecard), rows=_rows(scorecard)
    )
    content = csv_bytes(dataset) if file_format == "csv" else xlsx_bytes(dataset)
    name = file_name(
        marking=SCORECARD_MARKING,
        stem=f"scorecard-{scorecard.framework.key}",
        today=today,
        extension=file_format,
    )
    record_event(
        "export",
        entity_type="Commitment",
        details={
            "what": "scorecard",
            "format": file_format,
            "framework": scorecard.framework.key,
            "filters": scorecard.filters.as_args(),
            "companies": len(scorecard.rows),
            "marking": SCORECARD_MARKING.label,
        },
    )
    return ExportFile(name=name, mimetype=FORMATS[file_format], content=content)
