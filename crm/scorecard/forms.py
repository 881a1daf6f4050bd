"""Forms for the scorecard: updating a commitment, and an admin's frameworks and asks."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import Field, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from crm.form_fields import GovDateField
from crm.forms import BaseForm
from crm.models import CommitmentStatus
from crm.services.frameworks import MAX_KEY, key_problem
from crm.timezones import london_today

NOTES_HINT = "Information about partnership work only. Never record or describe abuse material."
MAX_TEXT = 5000
STATUS_CHOICES = [SelectChoice(status.value, status.label) for status in CommitmentStatus]


class CommitmentForm(BaseForm):
    """Where a company stands on an ask, with notes and the date the position was last checked."""

    status = RadioField(
        "Status",
        choices=STATUS_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired("Select where the company stands on this ask")],
    )
    notes = TextAreaField(
        "Notes (optional)",
        widget=GovTextArea(),
        description=NOTES_HINT,
        validators=[Length(max=MAX_TEXT, message=f"Notes must be {MAX_TEXT} characters or fewer")],
    )
    last_reviewed_on = GovDateField("Date last reviewed", name_in_errors="Date last reviewed")
    version = HiddenField()
    submit = SubmitField("Save position", widget=GovSubmitInput())

    def validate_last_reviewed_on(self, field: Field) -> None:
        if field.process_errors:
            return  # the field already says what is wrong with the date typed
        if field.data is None:
            raise ValidationError("Enter the date last reviewed")
        if isinstance(field.data, date) and field.data > london_today():
            raise ValidationError("Date last reviewed must be today or in the past")


def _name_field(label: str, missing: str, max_length: int) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(missing),
            Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
        ],
    )


def _description_field(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovTextArea(),
        validators=[Length(max=MAX_TEXT, message=f"Description must be {MAX_TEXT} characters or fewer")],
    )


class FrameworkForm(BaseForm):
    """An admin adds a framework: its key is fixed once saved (it is in every bookmarked URL)."""

    key = StringField(
        "Key",
        widget=GovTextInput(),
        description=(
            "Used in web addresses. Lower-case letters, numbers and hyphens, like voluntary-principles-2020."
        ),
        validators=[
            InputRequired("Enter a key for the framework"),
            Length(max=MAX_KEY, message=f"Key must be {MAX_KEY} characters or fewer"),
        ],
    )
    name = _name_field("Name", "Enter the name of the framework", 200)
    published_on = GovDateField("Date published (optional)", name_in_errors="Date published")
    description = _description_field("Description (optional)")
    version = HiddenField()
    submit = SubmitField("Save framework", widget=GovSubmitInput())

    def validate_key(self, field: Field) -> None:
        problem = key_problem(field.data or "")
        if field.data and problem:
            raise ValidationError(problem)


class EditFrameworkForm(FrameworkForm):
    """Changing a framework: everything but its key."""

    key = None


class AskForm(BaseForm):
    """An ask of a framework: its wording (its position is changed with the move buttons)."""

    title = _name_field("Title", "Enter the title of the ask", 200)
    description = _description_field("Description (optional)")
    version = HiddenField()
    submit = SubmitField("Save ask", widget=GovSubmitInput())
