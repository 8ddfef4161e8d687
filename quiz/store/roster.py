"""The students of a class: a pasted class list, names typed on joining, renames and merges.

Names are compared by ``student_key`` within a class, so "Maya R" and "maya r." are one student;
every attempt made in the class carries the student's name as the class knows it.
"""

from sqlalchemy import func, select, update

from quiz.core.names import class_list, student_key
from quiz.extensions import db
from quiz.models import Attempt, AttemptGrant, Classroom, ClassStudent

__all__ = ["student_key", "same_student", "students", "has_list", "enrol", "add_list", "rename", "merge"]


class NameTaken(ValueError):
    """A rename to a name another student of the class already has (merge them instead)."""


def same_student(classroom: Classroom | int, typed_name: str) -> ClassStudent | None:
    """The student of this class whose name compares equal to ``typed_name``, if any."""
    class_id = classroom if isinstance(classroom, int) else classroom.id
    return db.session.scalar(
        select(ClassStudent).where(ClassStudent.classroom_id == class_id, ClassStudent.key == student_key(typed_name))
    )


def students(classroom: Classroom) -> list[ClassStudent]:
    """The class's students by name."""
    return list(
        db.session.scalars(
            select(ClassStudent)
            .where(ClassStudent.classroom_id == classroom.id)
            .order_by(func.lower(ClassStudent.name))
        )
    )


def has_list(classroom: Classroom) -> bool:
    """Whether the teacher pasted a class list: joining students then pick their name from it."""
    return (
        db.session.scalar(
            select(ClassStudent.id).where(ClassStudent.classroom_id == classroom.id, ClassStudent.on_list).limit(1)
        )
        is not None
    )


def listed(classroom: Classroom) -> list[ClassStudent]:
    return [s for s in students(classroom) if s.on_list]


def enrol(classroom: Classroom, typed_name: str) -> ClassStudent:
    """The student of that name, added to the class the first time it is typed."""
    found = same_student(classroom, typed_name)
    if found is None:
        found = ClassStudent(classroom_id=classroom.id, name=typed_name, key=student_key(typed_name), on_list=False)
        db.session.add(found)
        db.session.flush()
    return found


def add_list(classroom: Classroom, text: str) -> int:
    """Put the pasted names on the class list (a name already in the class is marked listed); how many are new."""
    added = 0
    for name in class_list(text):
        found = same_student(classroom, name)
        if found is None:
            db.session.add(ClassStudent(classroom_id=classroom.id, name=name, key=student_key(name), on_list=True))
            added += 1
        else:
            found.on_list = True
    db.session.flush()
    return added


def rename(student: ClassStudent, new_name: str) -> None:
    """Give a student a new name; their attempts in the class follow it."""
    key = student_key(new_name)
    other = db.session.scalar(
        select(ClassStudent).where(
            ClassStudent.classroom_id == student.classroom_id, ClassStudent.key == key, ClassStudent.id != student.id
        )
    )
    if other is not None:
        raise NameTaken(other.name)
    _move_attempts(student.classroom_id, student.name, new_name)
    student.name, student.key = new_name, key


def merge(source: ClassStudent, target: ClassStudent) -> int:
    """Make ``source`` the same student as ``target``: attempts (with their scores) and extra attempts move over."""
    moved = _move_attempts(source.classroom_id, source.name, target.name)
    for grant in db.session.scalars(select(AttemptGrant).where(AttemptGrant.student_id == source.id)).all():
        theirs = db.session.scalar(
            select(AttemptGrant).where(
                AttemptGrant.assignment_id == grant.assignment_id, AttemptGrant.student_id == target.id
            )
        )
        if theirs is None:
            grant.student_id = target.id
        else:
            theirs.extra += grant.extra
            db.session.delete(grant)
    target.on_list = target.on_list or source.on_list
    db.session.flush()
    db.session.delete(source)
    return moved


def _move_attempts(classroom_id: int, old: str, new: str) -> int:
    return db.session.execute(
        update(Attempt)
        .where(Attempt.classroom_id == classroom_id, Attempt.display_name == old)
        .values(display_name=new)
        .execution_options(synchronize_session=False)
    ).rowcount
