"""The "Log a contact" form (also used to change a contact) and its follow-up action rows.

Organisations, people and the "Find an organisation" results are rendered by the template (grouped
checkboxes); the other fields use the GOV.UK widgets. The form only parses and checks what each field
can check alone; crm.services.engagements.checks checks the rest (ids, who works where, dates
against each other) and reports problems back onto these fields with report().
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from crm.form_fields import GovDateField
from crm.forms import BaseForm, strip_filter
from crm.models import Ask, Classification, EngagementKind, Organisation, Team, User
from crm.services.engagements.checks import MAX_ACTION_ROWS, ActionRowInput, Problem, Submission

ABUSE_MATERIAL_REMINDER = "Never record abuse material. Record information about the partnership work only."
MAX_SUMMARY = 20000
MAX_TITLE = 200
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_ID = re.compile(r"^\d{1,9}$")

KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in EngagementKind]
CLASSIFICATION_CHOICES = [
    SelectChoice(Classification.OFFICIAL.value, "OFFICIAL"),
    SelectChoice(
        Classification.OFFICIAL_SENSITIVE.value,
        "OFFICIAL-SENSITIVE (only the contact's team and admins can see it, and the actions raised at it)",
    ),
]


def parse_time(text: str) -> time | None:
    """ "14:30" (or "14.30", "9:05") as a time on the 24-hour clock; None when it is not one."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def ids(values: Iterable[Any]) -> list[int]:
    """Submitted ids as numbers, in order, without repeats; anything that is not an id is ignored."""
    found = [int(v) for v in (str(value).strip() for value in values or []) if _ID.match(v)]
    return list(dict.fromkeys(found))


def one_id(value: Any) -> int | None:
    found = ids([value]) if value else []
    return found[0] if found else None


class _Stripped:
    """Inputs stripped, as BaseForm does; FieldList and FormField take no filters, so they are skipped."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        if unbound_field.field_class not in (FieldList, FormField):
            filters = unbound_field.kwargs.get("filters", [])
            if strip_filter not in filters:
                unbound_field.kwargs["filters"] = [strip_filter, *filters]
        return unbound_field.bind(form=form, **options)


class ActionRowForm(Form):
    """One follow-up action row. A row left blank is ignored (see EngagementForm.row_is_empty)."""

    class Meta(_Stripped):
        pass

    title = StringField("What needs to be done", widget=GovTextInput())
    owner = SelectField("Who owes it", widget=GovSelect(), default="", validate_choice=False)
    chaser_id = SelectField(
        "Officer who chases it",
        widget=GovSelect(),
        default="",
        validate_choice=False,
        description="Only used when a partner owes it",
    )
    due_on = GovDateField("Due date (optional)", name_in_errors="Due date")
    organisation_id = SelectField(
        "Organisation it concerns (optional)", widget=GovSelect(), default="", validate_choice=False
    )
    ask_id = SelectField("Ask it serves (optional)", widget=GovSelect(), default="", validate_choice=False)


class EngagementForm(BaseForm):
    """A logged contact: when, what, who (organisations, people, officers), asks and follow-ups."""

    class Meta(_Stripped):
        pass

    kind = RadioField(
        "Kind of contact",
        choices=KIND_CHOICES,
        default=EngagementKind.MEETING.value,
        widget=GovRadioInput(),
        validators=[InputRequired("Select the kind of contact")],
        invalid_choice_message="Select the kind of contact",
    )
    date = GovDateField("Date", name_in_errors="Date")
    start_time = StringField(
        "Start time",
        widget=GovTextInput(),
        description="Use the 24-hour clock, for example 09:30 or 14:00 (UK time)",
        validators=[Length(max=10, message="Start time must be a real time, like 09:30 or 14:00")],
    )
    end_time = StringField(
        "End time (optional)",
        widget=GovTextInput(),
        description="On the same day, for example 15:30",
        validators=[Length(max=10, message="End time must be a real time, like 09:30 or 14:00")],
    )
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter a title"),
            Length(max=MAX_TITLE, message=f"Title must be {MAX_TITLE} characters or fewer"),
        ],
    )
    summary = TextAreaField(
        "Summary or minutes (optional)",
        widget=GovTextArea(),
        description=ABUSE_MATERIAL_REMINDER,
        validators=[
            Length(max=MAX_SUMMARY, message=f"Summary must be {MAX_SUMMARY:,} characters or fewer"),
        ],
    )
    organisation_query = StringField(
        "Find an organisation",
        widget=GovTextInput(),
        description="Type part of its name, or another name it goes by, then select Find",
        validators=[Length(max=200, message="Search for 200 characters or fewer")],
    )
    organisation_ids = SelectMultipleField("Organisations", validate_choice=False)
    person_ids = SelectMultipleField("People who took part", validate_choice=False)
    new_person_name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[Length(max=200, message="Name must be 200 characters or fewer")],
    )
    new_person_email = StringField(
        "Email address (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email("Enter an email address in the correct format, like name@example.org"),
        ],
    )
    new_person_organisation_id = SelectField(
        "Organisation they work at", widget=GovSelect(), default="", validate_choice=False
    )
    officer_ids = SelectMultipleField(
        "Officers who took part", widget=GovCheckboxesInput(), validate_choice=False
    )
    ask_ids = SelectMultipleField(
        "Asks discussed (optional)",
        widget=GovCheckboxesInput(),
        validate_choice=False,
        description="The Home Secretary's five asks of technology companies",
    )
    classification = RadioField(
        "Classification",
        choices=CLASSIFICATION_CHOICES,
        default=Classification.OFFICIAL.value,
        widget=GovRadioInput(),
        validators=[InputRequired("Select a classification")],
        invalid_choice_message="Select a classification",
    )
    access_team_id = SelectField(
        "Team that may see it", widget=GovSelect(), default="", validate_choice=False
    )
    actions = FieldList(FormField(ActionRowForm), min_entries=1, max_entries=MAX_ACTION_ROWS)
    version = HiddenField()

    # --- choices -----------------------------------------------------------------------------------

    def offer(
        self,
        *,
        organisations: list[Organisation],
        officers: list[User],
        asks: list[Ask],
        teams: list[Team],
    ) -> None:
        """Fill the selects and checkboxes from the records the service loaded.

        officers holds active officers plus any leaver submitted or already on the record (shown
        marked, so that an error about them can be seen and put right).
        """
        org_items = [SelectChoice(str(o.id), o.name) for o in organisations]
        officer_items = [
            SelectChoice(str(u.id), u.name if u.active else f"{u.name} (account deactivated)")
            for u in officers
        ]
        self.officer_ids.choices = officer_items
        self.ask_ids.choices = [SelectChoice(str(a.id), a.title) for a in asks]
        self.access_team_id.choices = [
            SelectChoice("", "Select a team"),
            *(SelectChoice(str(t.id), t.name) for t in teams),
        ]
        self.new_person_organisation_id.choices = [SelectChoice("", "Select an organisation"), *org_items]
        owners = [
            SelectChoice("", "Select who owes it"),
            *(
                SelectChoice(f"user:{u.id}", f"{item.label} (we owe it)")
                for u, item in zip(officers, officer_items, strict=True)
            ),
            *(SelectChoice(f"org:{o.id}", f"{o.name} (the partner owes it)") for o in organisations),
        ]
        for entry in self.actions.entries:
            row = entry.form
            row.owner.choices = owners
            row.chaser_id.choices = [SelectChoice("", "Select an officer"), *officer_items]
            row.organisation_id.choices = [SelectChoice("", "None"), *org_items]
            row.ask_id.choices = [SelectChoice("", "None"), *(SelectChoice(str(a.id), a.title) for a in asks)]

    # --- checks the fields can make alone ------------------------------------------------------------

    def validate_date(self, field: GovDateField) -> None:
        if field.data is None and not field.errors:
            raise ValidationError("Enter the date of the contact")

    def validate_start_time(self, field: StringField) -> None:
        if not field.data:
            raise ValidationError("Enter the start time, for example 09:30 or 14:00")
        if parse_time(field.data) is None:
            raise ValidationError("Start time must be a real time in the 24-hour clock, like 09:30 or 14:00")

    def validate_end_time(self, field: StringField) -> None:
        if field.data and parse_time(field.data) is None:
            raise ValidationError("End time must be a real time in the 24-hour clock, like 09:30 or 14:00")

    def row_is_empty(self, row: ActionRowForm, default_owner: str) -> bool:
        """Nothing typed into the row (its owner and chaser may still hold their defaults)."""
        return not (
            row.title.data
            or any(str(part).strip() for part in (row.due_on.raw_data or []))
            or row.organisation_id.data
            or row.ask_id.data
        ) and row.owner.data in ("", default_owner)

    def validate(self, extra_validators: Any = None, *, default_owner: str = "") -> bool:
        """Every field, then each filled-in action row (blank rows are ignored)."""
        valid: bool = super().validate(extra_validators)
        for number, entry in enumerate(self.actions.entries, start=1):
            row = entry.form
            if self.row_is_empty(row, default_owner):
                row.due_on.errors = []
                continue
            # Name the row in each message, so the error summary says which action it is about.
            row.due_on.errors = [
                f"Due date for action {number}{message.removeprefix('Due date')}"
                for message in row.due_on.errors
            ]
            if row.title.data and len(row.title.data) > MAX_TITLE:
                row.title.errors = [
                    f"What needs to be done for action {number} must be {MAX_TITLE} characters or fewer"
                ]
        self.refresh_row_errors()
        return valid and not self.actions.errors

    def refresh_row_errors(self) -> None:
        """Recompute the rows' errors for the error summary after messages were added to row fields.

        crm.form_fields.form_errors links a date field to its day input only at the top level of a
        form; for a date inside a row the key is renamed here so that the summary link reads
        #actions-0-due_on-day (the day input) instead of the date's wrapper.
        """
        errors = []
        for entry in self.actions.entries:
            row_errors = dict(entry.form.errors)
            if "due_on" in row_errors:
                row_errors = {("due_on-day" if k == "due_on" else k): v for k, v in row_errors.items()}
            errors.append(row_errors)
        self.actions.errors = errors if any(errors) else []

    def report(self, problems: list[Problem]) -> None:
        """Show the service's problems next to their fields (and so in the error summary)."""
        for problem in problems:
            if problem.row is not None:
                target = self.actions.entries[problem.row].form[problem.field]
            else:
                target = self[problem.field]
            if problem.message not in target.errors:
                target.errors = [*target.errors, problem.message]
        self.refresh_row_errors()

    # --- what was typed, as plain values for the service ------------------------------------------------

    def action_rows(self, default_owner: str) -> list[ActionRowInput]:
        return [
            ActionRowInput(
                row=index,
                title=row.title.data or "",
                owner=row.owner.data or "",
                chaser_id=one_id(row.chaser_id.data),
                due_on=row.due_on.data,
                organisation_id=one_id(row.organisation_id.data),
                ask_id=one_id(row.ask_id.data),
            )
            for index, row in ((i, e.form) for i, e in enumerate(self.actions.entries))
            if not self.row_is_empty(row, default_owner)
        ]

    def submission(self, *, default_owner: str) -> Submission:
        """What was typed as a Submission; values the fields could not read are None or the default
        (so the service can still check everything else and all problems show at once)."""
        starts = parse_time(self.start_time.data or "")
        kinds = {kind.value: kind for kind in EngagementKind}
        return Submission(
            kind=kinds.get(self.kind.data or "", EngagementKind.MEETING),
            day=self.date.data if not self.date.errors else None,
            starts=starts,
            ends=parse_time(self.end_time.data) if self.end_time.data else None,
            title=self.title.data or "",
            summary=self.summary.data or "",
            organisation_ids=ids(self.organisation_ids.data),
            person_ids=ids(self.person_ids.data),
            officer_ids=ids(self.officer_ids.data),
            ask_ids=ids(self.ask_ids.data),
            classification=(
                Classification.OFFICIAL_SENSITIVE
                if self.classification.data == Classification.OFFICIAL_SENSITIVE.value
                else Classification.OFFICIAL
            ),
            access_team_id=one_id(self.access_team_id.data),
            new_person_name=self.new_person_name.data or "",
            new_person_email=self.new_person_email.data or "",
            new_person_organisation_id=one_id(self.new_person_organisation_id.data),
            actions=self.action_rows(default_owner),
        )
