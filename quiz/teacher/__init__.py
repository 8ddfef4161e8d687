"""Authoring: the bank of articles and questions every teacher shares, and the quizzes drawn from it.

One blueprint, ``teacher``, split by what is being written: ``articles``, ``questions``,
``quizzes`` and ``transfer`` (import and export). Every page needs a signed-in teacher.
"""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db, login_manager
from ..models import Article, Classroom, Question, Quiz

bp = Blueprint("teacher", __name__, url_prefix="/teacher")


@bp.before_request
def require_teacher():
    """Send anyone not signed in to the sign-in page (Flask-Login remembers where they were going)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


@bp.get("/")
def home():
    """Where a teacher starts: the bank at a glance and the next things to do."""
    count = lambda model, *where: db.session.scalar(select(func.count()).select_from(model).where(*where))  # noqa: E731
    counts = {
        "articles": count(Article),
        "questions": count(Question, Question.current, ~Question.archived),
        "quizzes": count(Quiz),
        "classes": count(Classroom, Classroom.teacher_id == current_user.id),
    }
    return render_template("teacher/home.html", counts=counts)


from . import articles, questions, quizzes, transfer  # noqa: E402,F401  (their views join bp)
