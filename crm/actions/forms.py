"""Forms for actions: new/edit, status, completion, comments and the bulk update."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from sqlalchemy import Row
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from crm.form_fields import GovDateField
from crm.forms import BaseForm
from crm.models import ActionStatus, Ask, Classification, Organisation, Person, Priority, User

NOTES_HINT = "Information about partnership work only. Never record or describe abuse material."
MAX_NOTE = 5000
PICK_OFFICER = "Select an officer from the list"
STATUS_MESSAGE = "Select open, in progress, blocked or cancelled (to mark it done, complete it)"
PICK_ORGANISATION = "Select an organisation from the list"

OWED_BY_CHOICES = [
    SelectChoice("us", "Us: an officer owes it"),
    SelectChoice("partner", "A partner: an organisation owes it and an officer chases it"),
]
PRIORITY_CHOICES = [SelectChoice(p.value, p.label) for p in (Priority.HIGH, Priority.MEDIUM, Priority.LOW)]
CLASSIFICATION_CHOICES = [
    SelectChoice(Classification.OFFICIAL.value, "OFFICIAL"),
    SelectChoice(
        Classification.OFFICIAL_SENSITIVE.value, "OFFICIAL-SENSITIVE (only your team and admins see it)"
    ),
]
# Done has its own form (with the completion note); these are the other moves.
STATUS_CHOICES = [
    SelectChoice(s.value, s.label)
    for s in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED, ActionStatus.CANCELLED)
]


def officer_choices(
    officers: Iterable[User] | Iterable[Row[tuple[int, str]]], empty: str = "Select an officer"
) -> list[SelectChoice]:
    return [SelectChoice("", empty), *(SelectChoice(str(u.id), u.name) for u in officers)]


def organisation_select_choices(organisations: Iterable[Organisation]) -> list[SelectChoice]:
    return [
        SelectChoice("", "Select an organisation"),
        *(SelectChoice(str(o.id), o.name) for o in organisations),
    ]


def person_select_choices(people: Iterable[Person]) -> list[SelectChoice]:
    return [
        SelectChoice("", "No one in particular"),
        *(
            SelectChoice(
                str(p.id), f"{p.name} ({p.organisation.name if p.organisation else 'no organisation'})"
            )
            for p in people
        ),
    ]


def ask_select_choices(asks: Iterable[Ask]) -> list[SelectChoice]:
    return [
        SelectChoice("", "None"),
        *(SelectChoice(str(a.id), a.title, optgroup=a.framework.name if a.framework else None) for a in asks),
    ]


class ActionForm(BaseForm):
    """A new action, or changes to one (status changes have their own forms)."""

    title = StringField(
        "What needs to be done",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter what needs to be done"),
            Length(max=200, message="What needs to be done must be 200 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "More detail (optional)",
        widget=GovTextArea(),
        description=NOTES_HINT,
        validators=[Length(max=MAX_NOTE, message=f"More detail must be {MAX_NOTE} characters or fewer")],
    )
    owed_by = RadioField(
        "Who owes it",
        choices=OWED_BY_CHOICES,
        default="us",
        widget=GovRadioInput(),
        validators=[InputRequired("Select who owes this action")],
        invalid_choice_message="Select who owes this action",
    )
    owner_user_id = SelectField(
        "Officer who owes it", widget=GovSelect(), default="", invalid_choice_message=PICK_OFFICER
    )
    owner_organisation_id = SelectField(
        "Organisation that owes it", widget=GovSelect(), default="", invalid_choice_message=PICK_ORGANISATION
    )
    owner_person_id = SelectField(
        "Person there (optional)",
        widget=GovSelect(),
        default="",
        invalid_choice_message="Select a person from the list",
    )
    chaser_id = SelectField(
        "Officer who chases it", widget=GovSelect(), default="", invalid_choice_message=PICK_OFFICER
    )
    due_on = GovDateField("Due date (optional)", name_in_errors="Due date")
    priority = RadioField(
        "Priority",
        choices=PRIORITY_CHOICES,
        default=Priority.MEDIUM.value,
        widget=GovRadioInput(),
        validators=[InputRequired("Select a priority")],
        invalid_choice_message="Select a priority",
    )
    ask_id = SelectField(
        "The ask it serves (optional)",
        widget=GovSelect(),
        default="",
        invalid_choice_message="Select an ask from the list",
    )
    organisation_ids = SelectMultipleField(
        "Organisations it concerns (optional)",
        widget=GovCheckboxesInput(),
        default=[],
        invalid_choice_message=PICK_ORGANISATION,
    )
    classification = RadioField(
        "Classification",
        choices=CLASSIFICATION_CHOICES,
        default=Classification.OFFICIAL.value,
        widget=GovRadioInput(),
        validators=[InputRequired("Select a classification")],
        invalid_choice_message="Select a classification",
    )
    version = HiddenField()
    submit = SubmitField("Save action", widget=GovSubmitInput())

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        # Which owner fields are needed depends on who owes it (nothing more to say if that is unclear).
        required = {
            "us": [("owner_user_id", "Select the officer who owes this action")],
            "partner": [
                ("owner_organisation_id", "Select the organisation that owes this action"),
                ("chaser_id", "Select the officer who will chase this action"),
            ],
        }.get(self.owed_by.data or "", [])
        for name, message in required:
            field = self[name]
            if not field.data and not field.errors:
                field.errors = [*field.errors, message]
                valid = False
        return valid


class StatusForm(BaseForm):
    status = RadioField(
        "New status",
        choices=STATUS_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired("Select the new status")],
        invalid_choice_message=STATUS_MESSAGE,
    )
    version = HiddenField()
    submit = SubmitField("Change status", widget=GovSubmitInput())


class CompleteForm(BaseForm):
    note = TextAreaField(
        "Completion note",
        widget=GovTextArea(),
        description="What was done, and where the result is. " + NOTES_HINT,
        validators=[Length(max=MAX_NOTE, message=f"Completion note must be {MAX_NOTE} characters or fewer")],
    )
    version = HiddenField()
    submit = SubmitField("Complete this action", widget=GovSubmitInput())


class ReopenForm(BaseForm):
    version = HiddenField()
    submit = SubmitField("Reopen this action", widget=GovSubmitInput())


class UpdateForm(BaseForm):
    body = TextAreaField(
        "Add an update",
        widget=GovTextArea(),
        description=NOTES_HINT,
        validators=[
            DataRequired("Enter your update"),
            Length(max=MAX_NOTE, message=f"Update must be {MAX_NOTE} characters or fewer"),
        ],
    )
    submit = SubmitField("Add update", widget=GovSubmitInput())


class BulkUpdateForm(BaseForm):
    """Changes for the ticked rows of the review. Blank means "leave as it is"."""

    status = SelectField(
        "Change status to",
        widget=GovSelect(),
        choices=[SelectChoice("", "Leave as it is"), *(SelectChoice(s.value, s.label) for s in ActionStatus)],
        default="",
        invalid_choice_message="Select a status from the list",
    )
    owner_id = SelectField("Reassign to", widget=GovSelect(), default="", invalid_choice_message=PICK_OFFICER)
    due_on = GovDateField("Change due date to", name_in_errors="New due date")
    # The ticked rows (checkboxes in the table, each with a version-<id> hidden field beside it).
    action_id = SelectMultipleField("Selected actions", validate_choice=False)
    submit = SubmitField("Update selected actions", widget=GovSubmitInput())
