"""The base of every form without a file field, and fields more than one form asks for."""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from quiz.core import names


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


def storable_name(form, field) -> None:
    """Refuse names with control characters or direction overrides, in plain words."""
    if field.data and (why := names.problem(field.data)):
        raise ValidationError(why)


def display_name_field(label: str = "Your name as your teacher knows you") -> StringField:
    """A student's display name: the only thing stored about them, so short, printable, normalised (NFKC)."""
    return StringField(
        label,
        validators=[
            DataRequired("Type a name so your teacher can find your result."),
            Length(max=40, message="Keep the name under 40 characters."),
            storable_name,
        ],
        filters=[names.clean],
    )
