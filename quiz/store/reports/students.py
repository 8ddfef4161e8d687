"""Per-student queries: the students list, one student's attempts, the grid, and each reader's judgements."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from quiz.core import grid as gridcore
from quiz.core.itemstats import chance_credit
from quiz.models import Answer, Attempt, Classroom, Question, QuizQuestion
from quiz.store.reports.scope import Scope, _filters, counted


@dataclass
class StudentRow:
    name: str
    classroom_id: int | None
    classroom: str
    attempts: int
    best: float
    latest: datetime
    max_score: int


def students(session: Session, scope: Scope, page: int = 1, per_page: int = 50) -> tuple[list[StudentRow], int]:
    """The students with counted attempts, by name, one page at a time; and how many there are."""
    c = counted(scope)
    grouped = (
        select(
            c.c.display_name,
            c.c.classroom_id,
            func.count().label("attempts"),
            func.max(c.c.score).label("best"),
            func.max(c.c.id).label("last_id"),
            func.max(c.c.max_score).label("max_score"),
        )
        .group_by(c.c.classroom_id, c.c.display_name)
        .subquery()
    )
    total = session.scalar(select(func.count()).select_from(grouped)) or 0
    rows = session.execute(
        select(grouped, Classroom.name, Attempt.submitted_at)
        .outerjoin(Classroom, Classroom.id == grouped.c.classroom_id)
        .join(Attempt, Attempt.id == grouped.c.last_id)
        .order_by(grouped.c.display_name, Classroom.name)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    found = [
        StudentRow(
            r.display_name, r.classroom_id, r.name or "No class", r.attempts, r.best, r.submitted_at, r.max_score
        )
        for r in rows
    ]
    return found, total


def student_attempts(session: Session, scope: Scope) -> list[Attempt]:
    """One student's submitted attempts in scope (every one, whatever counts), oldest first."""
    assert scope.student is not None
    return list(session.scalars(select(Attempt).where(*_filters(scope)).order_by(Attempt.submitted_at, Attempt.id)))


def attempt_chance(session: Session, attempt: Attempt) -> Fraction:
    questions = session.scalars(
        select(Question).where(Question.id.in_(attempt.question_ids)).options(selectinload(Question.choices))
    )
    return sum((chance_credit(q) for q in questions), Fraction(0))


def grid(session: Session, scope: Scope, page: int = 1, per_page: int = 100) -> gridcore.Grid:
    """One page of counted attempts by name, each with one cell per question of the quiz.

    Two queries: the page of attempts, then their answers' credits (one row per answer of those
    attempts only, so a class of 35 reads 35 × 41 small rows whatever else the database holds).
    """
    questions = session.execute(
        select(Question.key, Question.prompt)
        .join(QuizQuestion, QuizQuestion.question_id == Question.id)
        .where(QuizQuestion.quiz_id == scope.quiz_id)
        .order_by(QuizQuestion.position)
    ).all()
    columns = [gridcore.Column(q.key, i, f"Q{i}", q.prompt) for i, q in enumerate(questions, 1)]
    c = counted(scope)
    total = session.scalar(select(func.count()).select_from(c)) or 0
    attempts = session.execute(
        select(
            c.c.id, c.c.display_name, Classroom.name, c.c.score, c.c.max_score, Attempt.started_at, Attempt.submitted_at
        )
        .join(Attempt, Attempt.id == c.c.id)
        .outerjoin(Classroom, Classroom.id == c.c.classroom_id)
        .order_by(c.c.display_name, c.c.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    rows = {
        a.id: gridcore.Row(
            a.id, a.display_name, a.name or "", a.score or 0.0, a.max_score, a.started_at, a.submitted_at
        )
        for a in attempts
    }
    if rows:
        answers = session.execute(
            select(Answer.attempt_id, Question.key, Answer.credit)
            .join(Question, Question.id == Answer.question_id)
            .where(Answer.attempt_id.in_(list(rows)))
        )
        for attempt_id, key, credit in answers:
            rows[attempt_id].cells[key] = gridcore.cell(credit)
    return gridcore.Grid(columns, list(rows.values()), total)


def class_names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    return dict(session.execute(select(Classroom.id, Classroom.name).where(Classroom.id.in_(list(ids)))).all())
