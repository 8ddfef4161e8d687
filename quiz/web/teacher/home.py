"""The teacher's home page: the bank at a glance and the next things to do."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Article, Classroom, Question, Quiz
from quiz.web.teacher.blueprint import bp


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
