"""The student pages' forms; each question kind reads its own answer fields, so these carry the CSRF token."""

from flask_wtf import FlaskForm
from wtforms import SubmitField

from quiz.web.forms import display_name_field


class StartForm(FlaskForm):
    display_name = display_name_field()
    submit = SubmitField("Start the quiz")


class SubmitForm(FlaskForm):
    """The answers themselves are read by each question kind; the form carries the CSRF token."""

    submit = SubmitField("Submit answers")


class SaveForm(FlaskForm):
    """Keeps the answers given so far without submitting: the no-JavaScript button and the page's script post it."""

    submit = SubmitField("Save my answers")


class AgainForm(FlaskForm):
    submit = SubmitField("Try again")
