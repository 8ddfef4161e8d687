"""The base of every form without a file field, and fields more than one form asks for."""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp


class TextForm(FlaskForm):
    """A Flask-WTF form (CSRF and all) that reads only the submitted text fields.

    Flask-WTF mixes uploaded files into the form data, so a hostile request could put a file where
    a password or a title belongs; text forms take their fields from ``request.form`` alone.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto and _is_submitted():
                return request.form
            return super().wrap_formdata(form, formdata)


def display_name_field() -> StringField:
    """A student's display name: the only thing stored about them, so short, printable, spaces folded."""
    return StringField(
        "Your name as your teacher knows you",
        validators=[
            DataRequired("Type a name so your teacher can find your result."),
            Length(max=40, message="Keep the name under 40 characters."),
            Regexp(r"^[^\x00-\x1f\x7f]*$", message="The name has characters that cannot be shown."),
        ],
        filters=[lambda s: " ".join(s.split()) if s else s],
    )
