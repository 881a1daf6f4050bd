"""Sign-in and password forms."""

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from crm.forms import BaseForm
from crm.services.users import password_problem


class SignInForm(BaseForm):
    """Email and password. Field names are fixed: other tools and tests post to them."""

    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter your password"),
            Length(max=128, message="Password must be 128 characters or fewer"),
        ],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(BaseForm):
    """Choose a password (from an invitation or a set-password link)."""

    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=(
            "At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        ),
        validators=[InputRequired(message="Enter a new password")],
    )
    confirm = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Confirm your new password")],
    )
    submit = SubmitField("Set password", widget=GovSubmitInput())

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_confirm(self, field: PasswordField) -> None:
        if field.data != self.password.data:
            raise ValidationError("The passwords do not match")


class TwoFactorCodeForm(BaseForm):
    """The 6-digit code from an authenticator app."""

    code = StringField(
        "Security code",
        widget=GovTextInput(),
        description="The 6-digit code shown in your authenticator app.",
        validators=[
            InputRequired(message="Enter the security code"),
            Length(max=10, message="Enter the 6-digit security code"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())
