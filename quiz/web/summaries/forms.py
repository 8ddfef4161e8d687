"""The summaries' one form: which attempts count (a GET form, so a filtered page can be bookmarked)."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, SubmitField
from wtforms.validators import Optional

from quiz.store.reports import COUNTS


class FilterForm(FlaskForm):
    """Which attempts a summary counts; a GET form, so a filtered page can be bookmarked."""

    class Meta:
        csrf = False

    classroom = SelectField("Class", default="")
    start = DateField("Submitted from", validators=[Optional()])
    end = DateField("Submitted until", validators=[Optional()])
    counts = SelectField(
        "Attempts that count", choices=[SelectChoice(k, label) for k, label in COUNTS.items()], default="all"
    )
    submit = SubmitField("Show")


class GrowthForm(FlaskForm):
    """Link two assignments of one class as before and after, and optionally a later retention check."""

    before = SelectField("Before (the first quiz)", coerce=int, validate_choice=True)
    after = SelectField("After (the second quiz)", coerce=int, validate_choice=True)
    retention = SelectField("Later, to see what stayed (optional)", coerce=int, validate_choice=True)
    submit = SubmitField("Link them")
