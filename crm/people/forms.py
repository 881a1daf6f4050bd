"""Forms for adding and changing people, and for confirming an erasure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from crm.forms import BaseForm
from crm.models import Organisation

NOTES_HINT = "Never record abuse material here. Notes hold information about partnership work only."
NAME_LENGTH = 200
JOB_TITLE_LENGTH = 200
EMAIL_LENGTH = 254
PHONE_LENGTH = 40
NOTES_LENGTH = 10_000
PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
# Digits, spaces and the punctuation people write phone numbers with, optionally an extension.
PHONE_PATTERN = re.compile(
    r"\+?[\d\s().\-]+(?:\s*(?:ext\.?|extension|x)\s*\d{1,6})?", re.IGNORECASE | re.ASCII
)


def printable(form: Any, field: Any) -> None:
    """Refuse control characters (PostgreSQL cannot store NUL); line breaks and tabs are fine."""
    if field.data and any(unicodedata.category(char) == "Cc" and char not in "\r\n\t" for char in field.data):
        raise ValidationError(
            f"{field.label.text.removesuffix(' (optional)')} must not contain control characters"
        )


def valid_phone(form: Any, field: Any) -> None:
    if not field.data:
        return
    digits = sum(char in "0123456789" for char in field.data)
    if not PHONE_PATTERN.fullmatch(field.data) or not 6 <= digits <= 20:
        raise ValidationError(PHONE_MESSAGE)


def organisation_select_choices(organisations: Iterable[Organisation]) -> list[SelectChoice]:
    return [
        SelectChoice("", "No organisation"),
        *(SelectChoice(str(org.id), org.name) for org in organisations),
    ]


class PersonForm(BaseForm):
    """Add or change a person."""

    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the person's full name"),
            Length(max=NAME_LENGTH, message=f"Full name must be {NAME_LENGTH} characters or fewer"),
            printable,
        ],
    )
    job_title = StringField(
        "Job title (optional)",
        widget=GovTextInput(),
        validators=[
            Length(max=JOB_TITLE_LENGTH, message=f"Job title must be {JOB_TITLE_LENGTH} characters or fewer"),
            printable,
        ],
    )
    email = StringField(
        "Email address (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=EMAIL_LENGTH, message=f"Email address must be {EMAIL_LENGTH} characters or fewer"),
            Email("Enter an email address in the correct format, like name@example.org"),
        ],
    )
    phone = StringField(
        "Phone number (optional)",
        widget=GovTextInput(),
        validators=[
            Length(max=PHONE_LENGTH, message=f"Phone number must be {PHONE_LENGTH} characters or fewer"),
            valid_phone,
        ],
    )
    organisation_id = SelectField(
        "Organisation (optional)",
        widget=GovSelect(),
        default="",
        invalid_choice_message="Select an organisation from the list",
    )
    notes = TextAreaField(
        "Notes (optional)",
        widget=GovTextArea(),
        description=NOTES_HINT,
        validators=[
            Length(max=NOTES_LENGTH, message=f"Notes must be {NOTES_LENGTH:,} characters or fewer"),
            printable,
        ],
    )
    do_not_contact = BooleanField(
        "Do not contact this person",
        widget=GovCheckboxInput(),
        description="For example, they asked not to be contacted. The flag shows wherever they appear.",
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class EraseForm(BaseForm):
    """Confirm an erasure: it cannot be undone."""

    confirm = BooleanField(
        "I have checked this is the right person and that their personal data must be erased",
        widget=GovCheckboxInput(),
        validators=[DataRequired("Confirm that you have checked the person and the request")],
    )
    submit = SubmitField("Erase personal data", widget=GovSubmitInput())
