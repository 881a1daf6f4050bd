"""Forms for creating, changing, archiving and merging organisations."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import urlsplit

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from crm.forms import BaseForm
from crm.models import RelationshipStatus, Sector, User

MAX_OTHER_NAMES = 50
MAX_TAGS = 30
NAME_LENGTH = 200
TAG_LENGTH = 60
SUMMARY_LENGTH = 20_000


def without_control_characters(value: Any) -> Any:
    """Drop control characters (NUL, which PostgreSQL refuses, and the like); keep line breaks and tabs."""
    if not isinstance(value, str):
        return value
    return "".join(char for char in value if char in "\t\n\r" or unicodedata.category(char) != "Cc")


CLEAN = [without_control_characters]


def lines(text: str | None) -> tuple[str, ...]:
    """Non-empty lines, stripped, without repeats (ignoring case)."""
    seen: dict[str, str] = {}
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line:
            seen.setdefault(line.lower(), line)
    return tuple(seen.values())


def tag_names(text: str | None) -> tuple[str, ...]:
    """Comma-separated tags, stripped, without repeats (ignoring case)."""
    seen: dict[str, str] = {}
    for part in (text or "").split(","):
        part = " ".join(part.split())
        if part:
            seen.setdefault(part.lower(), part)
    return tuple(seen.values())


class EachLine:
    """Validate a one-per-line list: how many lines, and how long each may be."""

    def __init__(self, noun: str, *, max_length: int, max_count: int) -> None:
        self.noun, self.max_length, self.max_count = noun, max_length, max_count

    def __call__(self, form: Any, field: Any) -> None:
        names = lines(field.data)
        if len(names) > self.max_count:
            raise ValidationError(f"Enter {self.max_count} {self.noun}s or fewer")
        if any(len(name) > self.max_length for name in names):
            raise ValidationError(f"Each {self.noun} must be {self.max_length} characters or fewer")


def valid_tags(form: Any, field: Any) -> None:
    names = tag_names(field.data)
    if len(names) > MAX_TAGS:
        raise ValidationError(f"Enter {MAX_TAGS} tags or fewer")
    if any(len(name) > TAG_LENGTH for name in names):
        raise ValidationError(f"Each tag must be {TAG_LENGTH} characters or fewer")


def valid_website(form: Any, field: Any) -> None:
    if not field.data:
        return
    message = "Enter a website address that starts with http:// or https://, like https://www.example.org"
    if any(char.isspace() for char in field.data):
        raise ValidationError(message)
    try:
        parts = urlsplit(field.data)
    except ValueError:
        raise ValidationError(message) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        raise ValidationError(message)


def user_choices(users: list[User], none_label: str) -> list[SelectChoice]:
    return [SelectChoice("", none_label), *(SelectChoice(str(user.id), user.name) for user in users)]


def organisation_choices(rows: list[tuple[int, str]], none_label: str) -> list[SelectChoice]:
    return [SelectChoice("", none_label), *(SelectChoice(str(org_id), name) for org_id, name in rows)]


class OrganisationForm(BaseForm):
    """Add or change an organisation."""

    name = StringField(
        "Name",
        filters=CLEAN,
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the organisation name"),
            Length(max=NAME_LENGTH, message=f"Name must be {NAME_LENGTH} characters or fewer"),
        ],
    )
    other_names = TextAreaField(
        "Other names (optional)",
        filters=CLEAN,
        widget=GovTextArea(),
        description="Trading names, abbreviations or product names: one a line",
        validators=[EachLine("other name", max_length=NAME_LENGTH, max_count=MAX_OTHER_NAMES)],
    )
    former_names = TextAreaField(
        "Former names (optional)",
        filters=CLEAN,
        widget=GovTextArea(),
        description="Names it used before: one a line",
        validators=[EachLine("former name", max_length=NAME_LENGTH, max_count=MAX_OTHER_NAMES)],
    )
    sector = RadioField(
        "Sector",
        choices=[SelectChoice(sector.value, sector.label) for sector in Sector],
        widget=GovRadioInput(),
        validators=[InputRequired("Select the sector")],
        invalid_choice_message="Select the sector",
    )
    sub_type = StringField(
        "Type (optional)",
        filters=CLEAN,
        widget=GovTextInput(),
        description="For example messaging platform, police force, regional organised crime unit, helpline",
        validators=[Length(max=100, message="Type must be 100 characters or fewer")],
    )
    relationship_status = RadioField(
        "Relationship status",
        choices=[SelectChoice(status.value, status.label) for status in RelationshipStatus],
        default=RelationshipStatus.ACTIVE.value,
        widget=GovRadioInput(),
        validators=[InputRequired("Select the relationship status")],
        invalid_choice_message="Select the relationship status",
    )
    lead_officer_id = SelectField(
        "Lead officer",
        widget=GovSelect(),
        invalid_choice_message="Select a lead officer from the list",
    )
    parent_id = SelectField(
        "Part of (optional)",
        widget=GovSelect(),
        description="The organisation this one belongs to, for example a company for its product",
        invalid_choice_message="Select a parent organisation from the list",
    )
    country = StringField(
        "Country (optional)",
        filters=CLEAN,
        default="United Kingdom",
        widget=GovTextInput(),
        validators=[Length(max=100, message="Country must be 100 characters or fewer")],
    )
    website = StringField(
        "Website (optional)",
        filters=CLEAN,
        widget=GovTextInput(),
        description="Starting with https://",
        validators=[Length(max=500, message="Website must be 500 characters or fewer"), valid_website],
    )
    tags = StringField(
        "Tags (optional)",
        filters=CLEAN,
        widget=GovTextInput(),
        description="Separate tags with commas, for example end-to-end encryption, livestreaming",
        validators=[valid_tags],
    )
    summary = TextAreaField(
        "Summary (optional)",
        filters=CLEAN,
        widget=GovTextArea(),
        description=(
            "What the organisation does and where the relationship stands. Never record abuse material."
        ),
        validators=[
            Length(max=SUMMARY_LENGTH, message=f"Summary must be {SUMMARY_LENGTH:,} characters or fewer")
        ],
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())
    create_anyway = SubmitField("Create anyway", widget=GovSubmitInput())


class ArchiveForm(BaseForm):
    """Archive or restore: only the version the officer saw."""

    version = HiddenField()
    submit = SubmitField("Archive", widget=GovSubmitInput())


class MergeChoiceForm(BaseForm):
    """Step 1 of a merge: which organisation is the duplicate, and which record stays."""

    other_id = SelectField(
        "Which organisation is the same as this one?",
        widget=GovSelect(),
        validators=[InputRequired("Select the other organisation")],
        invalid_choice_message="Select the other organisation from the list",
    )
    keep = RadioField(
        "Which record should stay?",
        widget=GovRadioInput(),
        validators=[InputRequired("Select which record should stay")],
        invalid_choice_message="Select which record should stay",
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class MergeConfirmForm(BaseForm):
    """Step 2 of a merge: the officer confirms what will move."""

    survivor_id = HiddenField()
    loser_id = HiddenField()
    survivor_version = HiddenField()
    loser_version = HiddenField()
    submit = SubmitField("Merge organisations", widget=GovSubmitInput())
