"""Starting, answering and scoring attempts: what the student pages call between load and commit.

The server grades everything itself from the stored question versions; nothing the browser says
about correctness is read. An attempt is scored exactly once, when its last answer is in.
"""

import random
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .extensions import db
from .kinds import KINDS, Tampered
from .models import Answer, Attempt, Judgement, Question, Quiz, utcnow

__all__ = ["Tampered", "Unanswered", "start", "questions_of", "read_answers", "record", "finish"]

_shuffle = random.SystemRandom().shuffle


class Unanswered(Exception):
    """Some questions have no answer; the student gets the page back with their answers kept."""

    def __init__(self, questions: list[Question]):
        self.questions = questions
        super().__init__(", ".join(q.key for q in questions))


def start(quiz: Quiz, display_name: str, classroom_id: int | None = None) -> Attempt:
    """A new attempt, its questions fixed now (and shuffled, if the quiz says so)."""
    ids = [q.id for q in quiz.questions]
    if quiz.question_order == "shuffled":
        _shuffle(ids)
    return Attempt(
        token=secrets.token_urlsafe(18),
        quiz=quiz,
        display_name=display_name,
        classroom_id=classroom_id,
        question_ids=ids,
        max_score=len(ids),
    )


def questions_of(attempt: Attempt) -> list[Question]:
    """The attempt's questions in its own order, choices loaded in the same round trip."""
    rows = db.session.scalars(
        select(Question).where(Question.id.in_(attempt.question_ids)).options(selectinload(Question.choices))
    )
    by_id = {q.id: q for q in rows}
    return [by_id[qid] for qid in attempt.question_ids]


def read_answers(questions: list[Question], form: Mapping[str, Any]) -> dict[int, Any]:
    """Each question's parsed answer; ``Tampered`` for impossible values, ``Unanswered`` for gaps."""
    responses = {q.id: KINDS[q.kind].parse(q, form) for q in questions}
    if missing := [q for q in questions if responses[q.id] is None]:
        raise Unanswered(missing)
    return responses


def record(attempt: Attempt, questions: list[Question], responses: dict[int, Any]) -> None:
    """Grade and store answers; an attempt already answered on a question keeps its first answer."""
    answered = {a.question_id for a in attempt.answers}
    for question in questions:
        if question.id in answered:
            continue
        graded = KINDS[question.kind].grade(question, responses[question.id])
        attempt.answers.append(
            Answer(
                question_id=question.id,
                choice_id=graded.choice_id,
                response=graded.response,
                credit=graded.credit,
                correct=graded.correct,
                judgements=[Judgement(sentence_key=k, expected=e, chosen=c) for k, e, c in graded.judgements],
            )
        )
    if len(attempt.answers) == len(attempt.question_ids):
        finish(attempt)


def finish(attempt: Attempt) -> None:
    attempt.score = round(sum(a.credit for a in attempt.answers), 4)
    attempt.submitted_at = utcnow()


def load_for_update(token: str) -> Attempt | None:
    """The attempt, locked against a second submit racing this one (PostgreSQL; SQLite locks the file)."""
    return db.session.scalar(select(Attempt).where(Attempt.token == token).with_for_update())
