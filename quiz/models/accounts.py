"""Teachers and their sign-ins: accounts, signed-in browsers, and the failed-try counters shared by every worker."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.clock import utcnow


class Teacher(UserMixin, db.Model):
    """A teacher who signs in to write questions and read results."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Failed sign-ins in a row, kept in the database so every worker process counts the same.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    # An IANA zone name such as "Europe/Berlin": every time this teacher types or reads is in it.
    time_zone: Mapped[str | None] = mapped_column(String(64))


class TeacherSession(db.Model):
    """A signed-in browser; deleting the row signs it out, whatever copy of its cookie survives."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    # Only a hash of the cookie's token is stored, so a copy of the database signs nobody in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Throttle(db.Model):
    """Failed tries counted per scope and key (an address, a code tried, an account), shared by every worker.

    ``key`` is a hash, so the table holds no address or email. See ``quiz.store.throttle``.
    """

    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    wait_until: Mapped[datetime | None]
