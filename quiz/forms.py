"""The base of every form without a file field: an uploaded file is ignored, never read as text."""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted


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
