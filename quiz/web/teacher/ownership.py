"""Whose quiz it is: the teacher who composed a quiz alone changes it; every other teacher may open and duplicate it.

The rule a school expects: articles and questions are the school's shared bank; a quiz, its
assignments and its results belong to the teacher who composed it. Another teacher sees it read-only
and may duplicate it into a quiz of their own. A quiz that came from a question file has no composer
and belongs to the bank, so any teacher may change it (as any teacher may import the file again).
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import Select, func, or_, select
from wtforms import SubmitField

from quiz.core import clock
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import SKILLS
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Attempt, Classroom, Quiz
from quiz.store.copies import duplicate_quiz
from quiz.web.forms import TextForm
from quiz.web.teacher.articles import people
from quiz.web.teacher.blueprint import bp


class DuplicateForm(TextForm):
    submit = SubmitField("Duplicate into a quiz of my own")


def may_change(quiz: Quiz) -> bool:
    """Whether the signed-in teacher may change ``quiz``."""
    return quiz.created_by_id is None or quiz.created_by_id == current_user.id


def own_quiz_or_read_only(quiz_id: int) -> tuple[Quiz, bool]:
    """The quiz (a 404 if there is none), and whether the signed-in teacher may change it."""
    quiz = db.get_or_404(Quiz, quiz_id)
    return quiz, may_change(quiz)


def own_quiz_or_403(quiz_id: int) -> Quiz:
    """The quiz, for a change only its composer may make; anyone else gets a 403 that says why."""
    quiz, mine = own_quiz_or_read_only(quiz_id)
    if not mine:
        owner = people().get(quiz.created_by_id, "another teacher")
        abort(
            403,
            f"“{quiz.title}” belongs to {owner}, so only they can change it. You can open it and duplicate it "
            "into a quiz of your own. Nothing was changed.",
        )
    return quiz


def visible_attempt_counts(teacher_id: int) -> Select:
    """Attempts per quiz that ``teacher_id`` may see: public ones and those in their own classes, not other classes'."""
    mine = select(Classroom.id).where(Classroom.teacher_id == teacher_id)
    return (
        select(Attempt.quiz_id, func.count())
        .where(or_(Attempt.classroom_id.is_(None), Attempt.classroom_id.in_(mine)))
        .group_by(Attempt.quiz_id)
    )


def read_only_page(quiz: Quiz):
    """What another teacher sees of a quiz: its settings and questions, and the Duplicate button."""
    return render_template(
        "teacher/quiz_read_only.html",
        quiz=quiz,
        owner=people().get(quiz.created_by_id, "another teacher"),
        kinds=KINDS,
        skills=SKILLS,
        show=clock.show,
        form=DuplicateForm(),
    )


@bp.post("/quizzes/<int:quiz_id>/duplicate")
def duplicate(quiz_id: int):
    """Copy any quiz into a new, unpublished quiz the signed-in teacher owns."""
    if not DuplicateForm().validate_on_submit():
        abort(400)
    begin_teacher_write()
    original = db.get_or_404(Quiz, quiz_id)
    copy = duplicate_quiz(db.session, original, current_user.id)
    db.session.commit()
    flash(f"“{copy.title}” is your own copy, not yet published. Change it as you like.", "info")
    return redirect(url_for("teacher.edit_quiz", quiz_id=copy.id))
