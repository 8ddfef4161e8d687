"""Students on a class list who have no attempt at this quiz yet, so a summary lists every student."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.core.names import student_key
from quiz.models import Assignment, Attempt, Classroom, ClassStudent
from quiz.store.reports.scope import Scope


def classes_in(session: Session, scope: Scope) -> tuple[int, ...]:
    """The teacher's classes a scope covers: one class, an assignment's class, or all of theirs."""
    if scope.assignment is not None:
        return tuple(session.scalars(select(Assignment.classroom_id).where(Assignment.id == scope.assignment)))
    if isinstance(scope.classroom, int):
        return (scope.classroom,)
    if scope.classroom == "none":
        return ()
    return tuple(scope.visible_classes)


def not_started(session: Session, scope: Scope) -> list[tuple[str, str]]:
    """(name, class) of every listed student of the scope's classes with no attempt at the quiz, by class and name."""
    classes = classes_in(session, scope)
    if not classes:
        return []
    started = {
        (classroom_id, student_key(name))
        for classroom_id, name in session.execute(
            select(Attempt.classroom_id, Attempt.display_name).where(
                Attempt.quiz_id == scope.quiz_id, Attempt.classroom_id.in_(classes)
            )
        )
    }
    listed = session.execute(
        select(ClassStudent.classroom_id, ClassStudent.name, ClassStudent.key, Classroom.name)
        .join(Classroom, Classroom.id == ClassStudent.classroom_id)
        .where(ClassStudent.classroom_id.in_(classes), ClassStudent.on_list)
        .order_by(Classroom.name, ClassStudent.name)
    )
    return [(name, class_name) for classroom_id, name, key, class_name in listed if (classroom_id, key) not in started]
