"""The sign-in, change-password and time-zone forms."""

from flask_login import current_user
from wtforms import EmailField, HiddenField, PasswordField, SelectField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from quiz.core import passwords
from quiz.web.forms import TextForm


class LoginForm(TextForm):
    email = EmailField(
        "Email", validators=[DataRequired("Type your email."), Length(max=254)], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Type your password."), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    # The browser's own time zone, filled in by static/zone.js; read only if it names a known zone.
    browser_zone = HiddenField(render_kw={"data-browser-zone": ""})
    submit = SubmitField("Sign in")


class PasswordForm(TextForm):
    current = PasswordField(
        "Current password",
        validators=[DataRequired("Type your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        "New password", validators=[DataRequired("Type a new password.")], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired("Type the new password again."), EqualTo("new", "The two new passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Change password")

    def validate_current(self, field) -> None:
        if not passwords.verify(current_user.password_hash, field.data):
            raise ValidationError("That is not your current password.")

    def validate_new(self, field) -> None:
        try:
            passwords.check_rules(field.data)
        except passwords.WeakPassword as error:
            raise ValidationError(str(error)) from None


class TimeZoneForm(TextForm):
    """The teacher's own clock: every time they type or read is in this zone."""

    time_zone = SelectField("Your time zone", validate_choice=True)
    submit = SubmitField("Save the time zone")
