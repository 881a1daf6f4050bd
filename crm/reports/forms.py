"""The reporting period form (?from=YYYY-MM-DD&to=YYYY-MM-DD), shared by the reports and the coverage view.

It is a GET form, so views stay bookmarkable. Bad dates get GOV.UK error messages in the summary;
the page then shows no figures rather than figures for a period nobody asked for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from werkzeug.datastructures import MultiDict
from wtforms import Field, StringField
from wtforms.validators import Length, ValidationError

from crm.forms import BaseForm
from crm.services.months import Period

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099
MAX_YEARS = 5
EXAMPLE_START = "For example, 2025-04-01 (year, month, day)"
EXAMPLE_END = "For example, 2025-04-30 (year, month, day)"


def parse_iso_date(text: str) -> date | None:
    """A YYYY-MM-DD date, or None when the text is not one (Python alone accepts other ISO forms)."""
    if not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _checked_date(field: Field, what: str) -> date | None:
    text = (field.data or "").strip()
    if not text:
        return None
    day = parse_iso_date(text)
    if day is None:
        raise ValidationError(f"{what} must be a real date in the format YYYY-MM-DD, like 2025-04-01")
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(f"{what} must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return day


class PeriodForm(BaseForm):
    """From and to dates of a report; either may be left out to use the report's default."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    start = StringField(
        "From",
        name="from",
        widget=GovTextInput(),
        description=EXAMPLE_START,
        validators=[
            Length(max=10, message="From date must be a real date in the format YYYY-MM-DD, like 2025-04-01")
        ],
    )
    end = StringField(
        "To",
        name="to",
        widget=GovTextInput(),
        description=EXAMPLE_END,
        validators=[
            Length(max=10, message="To date must be a real date in the format YYYY-MM-DD, like 2025-04-30")
        ],
    )

    def validate_start(self, field: Field) -> None:
        _checked_date(field, "From date")

    def validate_end(self, field: Field) -> None:
        _checked_date(field, "To date")


def period_from_args(args: Mapping[str, Any], *, default: Period) -> tuple[PeriodForm, Period | None]:
    """The form bound to the query arguments and the period they choose (None when they are wrong).

    A missing date takes the default's. The end must not be before the start, and the period may be
    at most five years long (longer ones are almost always a typing slip, and cost a lot to draw).
    """
    form = PeriodForm(formdata=args if isinstance(args, MultiDict) else MultiDict(args))
    if not (str(args.get("from", "")).strip() or str(args.get("to", "")).strip()):
        form.start.data, form.end.data = default.start.isoformat(), default.end.isoformat()
        return form, default
    if not form.validate():
        return form, None
    start = parse_iso_date(form.start.data or "") or default.start
    end = parse_iso_date(form.end.data or "") or default.end
    if end < start:
        form.end.errors = ["To date must be the same as or after the from date"]
        return form, None
    if start < _years_before(end, MAX_YEARS):
        form.end.errors = [
            f"The period must be {MAX_YEARS} years or shorter: choose a later from date or an earlier to date"
        ]
        return form, None
    form.start.data, form.end.data = start.isoformat(), end.isoformat()
    return form, Period(start=start, end=end)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
