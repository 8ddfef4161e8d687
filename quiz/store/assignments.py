"""Assignments: a quiz set for one class, with its opening and due times, attempts allowed and time limit.

Only submitted attempts count against the limit; starting again resumes the open attempt. A
teacher can give one student one more attempt, or all of them back (a reset): results are kept.
At an attempt's deadline (its time limit, or the due time) it is submitted with what was saved.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Assignment, Attempt, AttemptGrant, Classroom, ClassStudent, Quiz, utcnow

# A request already on its way when the countdown reaches zero is still taken.
GRACE = timedelta(seconds=30)
TIME_UP = (
    "Time was up for this attempt, so what was sent now was not recorded. "
    "The answers saved before the limit were submitted: they are your result."
)


@dataclass(frozen=True)
class Availability:
    """Where an assignment stands now: "upcoming" (with when it opens), "open" or "closed"."""

    state: str
    at: datetime | None = None


def create(classroom: Classroom, quiz: Quiz, **settings) -> Assignment:
    """A new assignment of ``quiz`` to ``classroom``; times are naive UTC."""
    assignment = Assignment(classroom_id=classroom.id, quiz_id=quiz.id, **settings)
    db.session.add(assignment)
    return assignment


def of_class(classroom_id: int) -> list[Assignment]:
    """A class's assignments, soonest due first, those without a due time last."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.classroom_id == classroom_id)
            .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
        )
    )


def availability(assignment: Assignment, now: datetime | None = None) -> Availability:
    now = now or utcnow()
    if not assignment.quiz.published:
        return Availability("closed")
    if assignment.opens_at and now < assignment.opens_at:
        return Availability("upcoming", assignment.opens_at)
    if assignment.due_at and now >= assignment.due_at:
        return Availability("closed", assignment.due_at)
    return Availability("open", assignment.due_at)


def used(assignment: Assignment, name: str) -> int:
    """Submitted attempts of this student at this assignment: the only ones that count."""
    return db.session.scalar(
        select(func.count()).where(
            Attempt.assignment_id == assignment.id, Attempt.display_name == name, Attempt.submitted_at.is_not(None)
        )
    )


def _grant(assignment: Assignment, student: ClassStudent) -> AttemptGrant | None:
    return db.session.scalar(
        select(AttemptGrant).where(AttemptGrant.assignment_id == assignment.id, AttemptGrant.student_id == student.id)
    )


def remaining(assignment: Assignment, student: ClassStudent) -> int | None:
    """Attempts this student may still start; None when the assignment sets no limit."""
    if assignment.attempts_allowed is None:
        return None
    grant = _grant(assignment, student)
    return max(0, assignment.attempts_allowed + (grant.extra if grant else 0) - used(assignment, student.name))


def give_back(assignment: Assignment, student: ClassStudent, count: int | None = None) -> int:
    """One more attempt for ``student`` (or, with ``count=None``, all they used: a reset); how many they have now."""
    grant = _grant(assignment, student)
    if grant is None:
        grant = AttemptGrant(assignment_id=assignment.id, student_id=student.id, extra=0)
        db.session.add(grant)
    if count is None:
        grant.extra = used(assignment, student.name)
    else:
        grant.extra = (grant.extra or 0) + count
    db.session.flush()
    return remaining(assignment, student) or 0


def open_attempt(assignment: Assignment, name: str) -> Attempt | None:
    """The student's unsubmitted attempt at this assignment, which starting again resumes."""
    return db.session.scalar(
        select(Attempt)
        .where(Attempt.assignment_id == assignment.id, Attempt.display_name == name, Attempt.submitted_at.is_(None))
        .order_by(Attempt.started_at.desc())
        .limit(1)
    )


def last_attempt(assignment: Assignment, name: str) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .where(Attempt.assignment_id == assignment.id, Attempt.display_name == name)
        .order_by(Attempt.started_at.desc())
        .limit(1)
    )


# --- Time limits --------------------------------------------------------------------------------


def deadline(attempt: Attempt) -> datetime | None:
    """When the attempt stops taking answers: its time limit from the start, or the due time if sooner."""
    if attempt.assignment_id is None:
        return None
    assignment = db.session.get(Assignment, attempt.assignment_id)
    if assignment is None:
        return None
    ends = [assignment.due_at] if assignment.due_at else []
    if assignment.time_limit_minutes:
        ends.append(attempt.started_at + timedelta(minutes=assignment.time_limit_minutes))
    return min(ends) if ends else None


def seconds_left(attempt: Attempt, now: datetime | None = None) -> int | None:
    """Whole seconds until the deadline (never below zero), for the countdown; None without a limit."""
    ends = deadline(attempt)
    if ends is None or attempt.submitted:
        return None
    return max(0, int((ends - (now or utcnow())).total_seconds()))


def past_deadline(attempt: Attempt, now: datetime | None = None, grace: bool = True) -> bool:
    """The deadline has passed (with ``grace``, the grace too: nothing sent now is taken)."""
    ends = deadline(attempt)
    return ends is not None and (now or utcnow()) > ends + (GRACE if grace else timedelta(0))


def submit_saved(attempt: Attempt) -> None:
    """Submit the attempt with what was saved before its deadline; unanswered questions score nothing."""
    from quiz.core.kinds import KINDS, Tampered
    from quiz.store import attempts

    questions = attempts.questions_of(attempt)
    fields = attempts.saved_fields(attempt)
    responses = {}
    for question in questions:
        try:
            response = KINDS[question.kind].parse(question, fields)
        except Tampered:
            response = None
        if response is not None:
            responses[question.id] = response
    answered = [q for q in questions if q.id in responses]
    attempts.record(attempt, answered, responses)
    if not attempt.submitted:
        score = db.session.scalar(
            select(func.coalesce(func.sum(Answer.credit), 0.0)).where(Answer.attempt_id == attempt.id)
        )
        attempts.finish(attempt, score)
    attempt.submitted_at = min(attempt.submitted_at, deadline(attempt) or attempt.submitted_at)


def close_if_late(attempt: Attempt, now: datetime | None = None) -> str | None:
    """Past its deadline, an open attempt is submitted with what was saved; the refusal to show, or None."""
    if attempt.submitted or not past_deadline(attempt, now):
        return None
    submit_saved(attempt)
    return TIME_UP
