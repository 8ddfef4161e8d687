"""Whose clock a page uses: the signed-in teacher's zone, or for students the zone of their class's teacher."""

import os

from flask import current_app, session
from flask_login import current_user

from quiz.core import clock
from quiz.extensions import db
from quiz.models import Classroom, Quiz, Teacher


def default_zone() -> str:
    """The server's ``QUIZ_TIMEZONE`` (setting or environment variable) when it names a zone, else UTC."""
    name = current_app.config.get("QUIZ_TIMEZONE") or os.environ.get("QUIZ_TIMEZONE")
    return name if clock.is_known(name) else clock.DEFAULT


def teacher_zone(teacher: Teacher | None) -> str:
    return teacher.time_zone if teacher is not None and clock.is_known(teacher.time_zone) else default_zone()


# The session key of the zone the browser reported at sign-in (``auth.login``).
BROWSER_ZONE = "browser_zone"


def my_zone() -> str:
    """The signed-in teacher's zone; before they choose one, their browser's, so no page reads in UTC by accident."""
    teacher = current_user if current_user.is_authenticated else None
    if teacher is not None and not clock.is_known(teacher.time_zone) and clock.is_known(session.get(BROWSER_ZONE)):
        return session[BROWSER_ZONE]
    return teacher_zone(teacher)


def class_zone(classroom: Classroom) -> str:
    return teacher_zone(db.session.get(Teacher, classroom.teacher_id))


def quiz_zone(quiz: Quiz) -> str:
    """The zone of the teacher who composed the quiz, for its own opening and closing times."""
    return teacher_zone(db.session.get(Teacher, quiz.created_by_id) if quiz.created_by_id else None)
