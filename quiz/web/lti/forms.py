"""The forms of the LTI pages: picking the quiz to add to a course, and bringing its roster in again."""

from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from quiz.web.forms import TextForm


class PickForm(TextForm):
    quiz = RadioField("Quiz to add", coerce=int, validators=[InputRequired("Pick a quiz to add to the course.")])
    submit = SubmitField("Add this quiz to the course")


class RosterForm(TextForm):
    submit = SubmitField("Bring the class list in again")
