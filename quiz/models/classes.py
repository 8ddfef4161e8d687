"""Classes and what a teacher sets them: class lists, assignments, attempts given back, and growth links."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.bank import Quiz
from quiz.models.clock import utcnow


class Classroom(db.Model):
    """A teacher's class; students join it with its code and their attempts carry it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(20), unique=True)


class ClassStudent(db.Model):
    """A name in a class: pasted on its class list, or typed by a student joining; ``key`` compares names."""

    __table_args__ = (UniqueConstraint("classroom_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(60))
    on_list: Mapped[bool] = mapped_column(default=False)


class Assignment(db.Model):
    """A published quiz set for one class, with its own opening time, due time, attempts and time limit."""

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    opens_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    attempts_allowed: Mapped[int | None]
    time_limit_minutes: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    quiz: Mapped["Quiz"] = relationship()
    classroom: Mapped[Classroom] = relationship()


class AttemptGrant(db.Model):
    """Attempts a teacher gave back to one student of an assignment, on top of those it allows."""

    __table_args__ = (UniqueConstraint("assignment_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("class_student.id", ondelete="CASCADE"), index=True)
    extra: Mapped[int] = mapped_column(default=0)


class GrowthLink(db.Model):
    """Two assignments of one class read as before and after (and optionally a later retention check)."""

    __table_args__ = (UniqueConstraint("before_id", "after_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    before_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    after_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    retention_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship()
    before: Mapped[Assignment] = relationship(foreign_keys=[before_id])
    after: Mapped[Assignment] = relationship(foreign_keys=[after_id])
    retention: Mapped[Assignment | None] = relationship(foreign_keys=[retention_id])
