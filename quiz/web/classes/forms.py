"""The forms of the class pages: one class per HTML form."""

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from quiz.web.forms import TextForm, display_name_field

TIME_FORMAT = "%Y-%m-%dT%H:%M"


class ClassForm(TextForm):
    name = StringField(
        "Name of the class",
        validators=[DataRequired("Give the class a name."), Length(max=200)],
        filters=[lambda s: " ".join(s.split()) if s else s],
    )
    submit = SubmitField("Create the class")


class RotateForm(TextForm):
    submit = SubmitField("Give the class a new code")


class DeleteForm(TextForm):
    confirm = BooleanField(
        "Yes, delete this class and every result in it. This cannot be undone.",
        validators=[DataRequired("Tick the box to confirm.")],
    )
    submit = SubmitField("Delete the class and its results")


class JoinForm(TextForm):
    code = StringField(
        "Class code",
        validators=[DataRequired("Type the code your teacher gave you."), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    display_name = display_name_field()
    submit = SubmitField("Join the class")


class PickNameForm(TextForm):
    """A class with a class list: the student picks their name from it."""

    code = HiddenField()
    student = SelectField("Your name", coerce=int, validate_choice=True)
    submit = SubmitField("Join the class")


class LeaveForm(TextForm):
    submit = SubmitField("Leave this class")


class AssignForm(TextForm):
    quiz = SelectField("Quiz", coerce=int, validate_choice=True)
    opens_at = DateTimeLocalField("Opens at", format=TIME_FORMAT, validators=[Optional()])
    due_at = DateTimeLocalField("Due at", format=TIME_FORMAT, validators=[Optional()])
    attempts_allowed = IntegerField(
        "Attempts each student may submit", validators=[Optional(), NumberRange(1, 100, "Between 1 and 100.")]
    )
    time_limit_minutes = IntegerField(
        "Time limit in minutes", validators=[Optional(), NumberRange(1, 600, "Between 1 and 600 minutes.")]
    )
    submit = SubmitField("Assign the quiz")

    def validate_due_at(self, field) -> None:
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The due time must come after the opening time.")


class StartForm(TextForm):
    submit = SubmitField("Start")


class ClassListForm(TextForm):
    names = TextAreaField(
        "Names, one a line",
        validators=[
            DataRequired("Paste at least one name."),
            Length(max=20000, message="Paste at most 20,000 characters."),
        ],
        render_kw={"rows": 6},
    )
    submit = SubmitField("Add to the class list")


class GrantForm(TextForm):
    student = HiddenField(validators=[DataRequired()])
    mode = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Give one more attempt")

    def validate_mode(self, field) -> None:
        if field.data not in ("one", "reset"):
            raise ValidationError("unknown change")


class RenameForm(TextForm):
    name = display_name_field("New name")
    submit = SubmitField("Rename")


class MergeForm(TextForm):
    source = SelectField("Student", coerce=int, validate_choice=True)
    target = SelectField("is the same student as", coerce=int, validate_choice=True)
    submit = SubmitField("Merge the two")

    def validate_target(self, field) -> None:
        if field.data == self.source.data:
            raise ValidationError("Choose two different students.")
