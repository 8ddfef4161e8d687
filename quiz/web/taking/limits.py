"""Assignment limits on the attempt pages: the time limit enforced by the server, and attempts left."""

from flask import abort, flash, redirect, url_for
from sqlalchemy import func, select

from quiz.core import clock
from quiz.database import begin_write
from quiz.extensions import db
from quiz.models import Assignment, Attempt, Quiz, Teacher, utcnow
from quiz.store import assignments, attempts, roster
from quiz.web.zones import quiz_zone

TIME_UP_NOW = "Time is up. The answers you saved before the limit were submitted: this is your result."


def close_at_limit(attempt: Attempt):
    """An open attempt whose deadline has passed is submitted with what was saved: a redirect to its result."""
    if attempt.submitted or not assignments.past_deadline(attempt, grace=False):
        return None
    token = attempt.token
    db.session.rollback()
    begin_write()
    locked = attempts.load_for_update(token)
    if not locked.submitted:
        assignments.submit_saved(locked)
    db.session.commit()
    flash(TIME_UP_NOW, "error")
    return redirect(url_for("taking.result", token=token))


def refuse_late(attempt: Attempt):
    """A request after the deadline and its grace: the attempt is submitted with what was saved, this refused."""
    if why := assignments.close_if_late(attempt):
        db.session.commit()
        flash(why, "error")
        return redirect(url_for("taking.result", token=attempt.token))
    return None


def seconds_left(attempt: Attempt) -> int | None:
    """For the countdown: whole seconds to the deadline, or None when the attempt has none."""
    return assignments.seconds_left(attempt)


def attempts_left(attempt: Attempt) -> tuple[int | None, str]:
    """Attempts the student may still start at this attempt's assignment (None: no limit), and whom to ask for more."""
    if attempt.assignment_id is None:
        quiz = attempt.quiz
        if not quiz.max_attempts:
            return None, "your teacher"
        return max(0, quiz.max_attempts - link_attempts_used(quiz, attempt.display_name, attempt.classroom_id)), (
            "your teacher"
        )
    task = db.session.get(Assignment, attempt.assignment_id)
    teacher = db.session.get(Teacher, task.classroom.teacher_id) if task else None
    who = teacher.name if teacher is not None and teacher.name else "your teacher"
    student = roster.same_student(attempt.classroom_id, attempt.display_name) if task else None
    if task is None or student is None:
        return None, who
    return assignments.remaining(task, student), who


FOR_CLASSES = (
    "This quiz is set for classes. Join your class with the code your teacher gave you (“Join a class” at the top), "
    "then start it from your class page."
)


def link_attempts_used(quiz: Quiz, name: str, classroom_id: int | None) -> int:
    """Submitted attempts by this name at a quiz taken by its link: only submitted ones count."""
    same_class = Attempt.classroom_id.is_(None) if classroom_id is None else Attempt.classroom_id == classroom_id
    return db.session.scalar(
        select(func.count()).where(
            Attempt.quiz_id == quiz.id,
            Attempt.display_name == name,
            same_class,
            Attempt.assignment_id.is_(None),
            Attempt.submitted_at.is_not(None),
        )
    )


def unfinished_by_link(quiz: Quiz, name: str, classroom_id: int | None) -> Attempt | None:
    """The name's unsubmitted attempt at a quiz taken by its link, which starting again continues."""
    same_class = Attempt.classroom_id.is_(None) if classroom_id is None else Attempt.classroom_id == classroom_id
    found = db.session.scalar(
        select(Attempt)
        .where(
            Attempt.quiz_id == quiz.id,
            Attempt.display_name == name,
            same_class,
            Attempt.assignment_id.is_(None),
            Attempt.submitted_at.is_(None),
        )
        .order_by(Attempt.started_at.desc())
        .limit(1)
    )
    return found


def link_availability(quiz: Quiz) -> tuple[str, str]:
    """A quiz on the home page: ("open", ""), ("upcoming", "Monday 09:00 CET") or ("closed", "")."""
    now = utcnow()
    if quiz.opens_at and now < quiz.opens_at:
        return "upcoming", clock.short(quiz.opens_at, quiz_zone(quiz), now)
    if quiz.closes_at and now >= quiz.closes_at:
        return "closed", ""
    return "open", clock.short(quiz.closes_at, quiz_zone(quiz), now) if quiz.closes_at else ""


def again_in_class(previous: Attempt):
    """ "Try again" on an assignment: the unfinished attempt, a new one if one is left, else plain words why not."""
    task = db.session.get(Assignment, previous.assignment_id)
    if task is None:
        abort(404, "This quiz is no longer assigned to your class. Ask your teacher which quiz to take.")
    student = roster.enrol(task.classroom, previous.display_name)
    unfinished = assignments.open_attempt(task, student.name)
    if unfinished is not None and not assignments.close_if_late(unfinished):
        db.session.commit()
        return redirect(url_for("taking.attempt", token=unfinished.token))
    if assignments.availability(task).state != "open":
        db.session.commit()
        abort(403, f"“{task.quiz.title}” is not open for your class now, so no new attempt can start.")
    if assignments.remaining(task, student) == 0:
        db.session.commit()
        _, who = attempts_left(previous)
        abort(403, f"You have used all the attempts this quiz allows. To try again, ask {who} for another attempt.")
    attempt = attempts.start(task.quiz, student.name, task.classroom_id)
    attempt.assignment_id = task.id
    db.session.add(attempt)
    db.session.commit()
    return redirect(url_for("taking.attempt", token=attempt.token))
