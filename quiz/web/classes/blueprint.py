"""The ``classes`` blueprint every class page joins, teacher's and student's alike."""

from flask import Blueprint

bp = Blueprint("classes", __name__)
