"""Form fields that GOV.UK's widgets do not get right on their own.

GovDateField: govuk-frontend-wtf's date widget fails with a 500 when a POST omits the field, shows
leading zeros and puts `required` on a div. This field parses the three inputs itself with GOV.UK's
error wording, and its widget copes with any raw data.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import Field, FieldList, FormField


class GovDateWidget(GovDateInput):
    """GOV.UK date input (day, month, year) that renders whatever was posted, or the field's date."""

    def __call__(self, field: Field, **kwargs: Any) -> Any:
        kwargs.setdefault("id", field.id)
        kwargs.pop("required", None)  # GOV.UK puts no required attribute on the wrapper
        return self.render(self.map_gov_params(field, **kwargs))

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super(GovDateInput, self).map_gov_params(field, **kwargs)
        day, month, year = field.parts()
        error_class = " govuk-input--error" if field.errors else ""
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        params.setdefault(
            "items",
            [
                {
                    "label": label,
                    "id": f"{field.id}-{part}",
                    "name": field.name,
                    "classes": f"govuk-input--width-{width}{error_class}",
                    "value": value,
                }
                for label, part, width, value in (
                    ("Day", "day", 2, day),
                    ("Month", "month", 2, month),
                    ("Year", "year", 4, year),
                )
            ],
        )
        return params


class GovDateField(Field):
    """A date entered as day, month and year, checked with GOV.UK's error messages.

    `name_in_errors` is how messages refer to it ("Due date must include a month"). An empty date is
    allowed unless a validator such as InputRequired says otherwise; data is then None.
    """

    widget = GovDateWidget()

    def __init__(self, label: str = "", validators: Any = None, name_in_errors: str = "", **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.name_in_errors = name_in_errors or str(label)

    def parts(self) -> tuple[str, str, str]:
        """Day, month and year as typed, or from the stored date without leading zeros."""
        if self.raw_data:
            typed = [str(value) for value in self.raw_data[:3]]
            typed += [""] * (3 - len(typed))
            return typed[0], typed[1], typed[2]
        if isinstance(self.data, date):
            return str(self.data.day), str(self.data.month), str(self.data.year)
        return "", "", ""

    def _value(self) -> str:
        return ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if not valuelist or not any(str(value).strip() for value in valuelist):
            return
        day, month, year = (str(value).strip() for value in self.parts())
        missing = [name for name, value in (("day", day), ("month", month), ("year", year)) if not value]
        if missing:
            raise ValueError(f"{self.name_in_errors} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValueError(f"{self.name_in_errors} must be a real date")
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{self.name_in_errors} must be a real date") from None


def _all_fields(form: Any) -> Iterator[Field]:
    """Every field of a form, including those inside FieldList rows and FormField sub-forms."""
    for field in form:
        yield field
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from _all_fields([entry])
        elif isinstance(field, FormField):
            yield from _all_fields(field.form)


def form_errors(form: Any) -> dict[str, Any]:
    """The GOV.UK error summary for a form, linking date fields to their day input."""
    from govuk_frontend_wtf.main import wtforms_errors

    summary: dict[str, Any] = wtforms_errors(form)
    date_ids = {f"#{field.id}" for field in _all_fields(form) if isinstance(field, GovDateField)}
    for item in summary["errorList"]:
        if item["href"] in date_ids:
            item["href"] += "-day"
    return summary
