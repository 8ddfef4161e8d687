"""The ``teacher`` blueprint every authoring page joins; each of its pages needs a signed-in teacher."""

from flask import Blueprint

from quiz.web.access import require_teacher

bp = Blueprint("teacher", __name__, url_prefix="/teacher")
bp.before_request(require_teacher)
