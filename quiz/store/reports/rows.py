"""CSV rows for the summaries' downloads: attempts, answers and the student × question grid."""

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.core.kinds import KINDS
from quiz.models import Answer, Attempt, Choice, Classroom, Question
from quiz.store.reports.scope import Scope, counted

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


ATTEMPT_HEADER = ["attempt", "student", "class", "started", "submitted", "score", "max_score", "percent"]
ANSWER_HEADER = [
    "attempt",
    "student",
    "class",
    "question_id",
    "version",
    "skill",
    "chosen",
    "credit",
    "correct",
    "answered_at",
]


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat(sep=" ", timespec="seconds") if moment else ""


def attempt_rows(session: Session, scope: Scope) -> Iterator[list[Any]]:
    """One row per counted attempt, oldest first."""
    c = counted(scope)
    stmt = (
        select(Attempt, Classroom.name)
        .join(c, c.c.id == Attempt.id)
        .outerjoin(Classroom, Classroom.id == Attempt.classroom_id)
        .order_by(Attempt.submitted_at, Attempt.id)
    )
    yield ATTEMPT_HEADER
    for attempt, classroom in session.execute(stmt, execution_options={"yield_per": 1000}):
        percent = 100 * attempt.score / attempt.max_score if attempt.max_score else 0
        yield [
            attempt.id,
            attempt.display_name,
            classroom or "",
            _stamp(attempt.started_at),
            _stamp(attempt.submitted_at),
            f"{round(attempt.score, 2):g}",
            attempt.max_score,
            f"{percent:.1f}",
        ]


def chosen_text(kind: str, choice: str | None, response: Any, excerpt: str) -> str:
    """What the student gave, as text: the choice, or what the kind makes of its stored response."""
    if choice is not None:
        return choice
    if isinstance(response, str):
        response = json.loads(response)
    known = KINDS.get(kind)
    return known.response_text(response, excerpt) if known else ""


def answer_rows(session: Session, scope: Scope) -> Iterator[list[Any]]:
    """One row per answer of a counted attempt, in attempt order."""
    c = counted(scope)
    stmt = (
        select(
            Answer.attempt_id,
            c.c.display_name,
            Classroom.name,
            Question.key,
            Question.version,
            Question.skill,
            Question.kind,
            Question.excerpt,
            Choice.text,
            Answer.response,
            Answer.credit,
            Answer.correct,
            Answer.answered_at,
        )
        .join(c, Answer.attempt_id == c.c.id)
        .join(Question, Question.id == Answer.question_id)
        .outerjoin(Choice, Choice.id == Answer.choice_id)
        .outerjoin(Classroom, Classroom.id == c.c.classroom_id)
        .order_by(Answer.attempt_id, Answer.id)
    )
    yield ANSWER_HEADER
    for row in session.execute(stmt, execution_options={"yield_per": 1000}):
        (attempt, name, classroom, key, version, skill, kind, excerpt, choice, response, credit, correct, at) = row
        yield [
            attempt,
            name,
            classroom or "",
            key,
            version,
            skill,
            chosen_text(kind, choice, response, excerpt),
            f"{round(credit, 2):g}",
            "yes" if correct else "no",
            _stamp(at),
        ]


def grid_rows(grid: Any) -> Iterator[list[Any]]:
    """The student × question grid as CSV: one row per counted attempt, one column per question."""
    yield ["student", "class", "score", "max_score", "minutes", "submitted", *(c.key for c in grid.columns)]
    for row in grid.rows:
        yield [
            row.name,
            row.classroom,
            f"{round(row.score, 2):g}",
            row.max_score,
            "" if row.minutes is None else f"{row.minutes:.0f}",
            _stamp(row.submitted),
            *(row.cells.get(c.key, grid.NOT_ANSWERED).word for c in grid.columns),
        ]
