"""Lookups the class pages share: the teacher's own class or assignment (else 404), the joined class, codes."""

from flask import abort, session, url_for
from flask_login import current_user
from sqlalchemy import select

from quiz.core import codes
from quiz.extensions import db
from quiz.models import Assignment, Classroom

CLASS_KEY = "classroom_id"
NAME_KEY = "student_name"


def new_code() -> str:
    """A code no class has now."""
    while True:
        code = codes.generate()
        if db.session.scalar(select(Classroom.id).where(Classroom.code == code)) is None:
            return code


def own_class_or_404(class_id: int) -> Classroom:
    """The signed-in teacher's class; someone else's class is a 404, never a 403 that confirms it exists."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    return classroom


def own_assignment_or_404(class_id: int, assignment_id: int) -> tuple[Classroom, Assignment]:
    classroom = own_class_or_404(class_id)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.classroom_id != classroom.id:
        abort(404)
    return classroom, assignment


def joined_classroom() -> Classroom | None:
    """The class this browser joined, if it still exists."""
    class_id = session.get(CLASS_KEY)
    return db.session.get(Classroom, class_id) if isinstance(class_id, int) else None


def join_url(classroom: Classroom) -> str:
    return url_for("classes.join", code=codes.shown(classroom.code), _external=True)
