"""Forms for managing users and teams."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from crm.forms import BaseForm
from crm.models import Role, Team

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]
ROLE_HINT = (
    "Viewer: reads only. Officer: reads and changes records. Lead: an officer who also sees team views. "
    "Admin: manages users, teams and the audit trail."
)


def team_choices(teams: list[Team]) -> list[SelectChoice]:
    return [SelectChoice("", "No team"), *(SelectChoice(str(team.id), team.name) for team in teams)]


class UserForm(BaseForm):
    """Invite a user, or change one (the email is fixed once invited)."""

    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the person's full name"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter an email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email("Enter an email address in the correct format, like name@example.org"),
        ],
    )
    role = RadioField(
        "Role",
        choices=ROLE_CHOICES,
        default=Role.OFFICER.value,
        widget=GovRadioInput(),
        description=ROLE_HINT,
        validators=[InputRequired("Select a role")],
    )
    team_id = SelectField("Team (also the access group for OFFICIAL-SENSITIVE records)", widget=GovSelect())
    submit = SubmitField("Save", widget=GovSubmitInput())


class EditUserForm(UserForm):
    """Changing a user: no email field (it identifies the account); active status can change."""

    email = None
    active = BooleanField(
        "Can sign in",
        widget=GovCheckboxInput(),
        description="Untick for a leaver: every session ends at once.",
    )
    reset_two_factor = BooleanField("Reset two-factor sign-in", widget=GovCheckboxInput())
    version = HiddenField()


class TeamForm(BaseForm):
    name = StringField(
        "Team name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the team name"),
            Length(max=120, message="Team name must be 120 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "Description",
        widget=GovTextArea(),
        validators=[Length(max=500, message="Description must be 500 characters or fewer")],
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class SettingsForm(BaseForm):
    """On/off settings (crm.services.settings.FLAGS), one checkbox each."""

    require_two_factor = BooleanField(widget=GovCheckboxInput())
    completion_note_required = BooleanField(widget=GovCheckboxInput())
    submit = SubmitField("Save settings", widget=GovSubmitInput())
