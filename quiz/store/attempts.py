"""Starting, answering and scoring attempts: what the student pages call between load and commit.

The server grades everything itself from the stored question versions; nothing the browser says
about correctness is read. An attempt is scored exactly once, when its last answer is in.
"""

import random
import secrets
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from quiz.core import calibration
from quiz.core.kinds import KINDS, Tampered
from quiz.extensions import db
from quiz.models import Answer, Article, Attempt, Choice, Judgement, Question, Quiz, utcnow
from quiz.store.saving import (  # the saved-answer half of an attempt, re-exported: callers use attempts.<name>
    AlreadySubmitted,
    answered_count,
    forget_saved,
    read_confidence,
    save,
    saved_fields,
    with_saved,
)

__all__ = [
    "Tampered",
    "Unanswered",
    "AlreadySubmitted",
    "start",
    "questions_of",
    "read_answers",
    "record",
    "finish",
    "save",
    "saved_fields",
    "with_saved",
    "answered_count",
]

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
        article_id=quiz.article_id,
        display_name=display_name,
        classroom_id=classroom_id,
        question_ids=ids,
        max_score=len(ids) * calibration.top_mark(quiz.certainty_marking),
    )


class QuestionCopy:
    """A read-only copy of one question version and its choices, kept between requests by ``questions_of``."""

    choice_by_id = Question.choice_by_id
    correct_choice = Question.correct_choice

    def __init__(self, question: Question):
        for name in Question.__table__.columns.keys():
            setattr(self, name, getattr(question, name))
        self.choices = [
            SimpleNamespace(**{name: getattr(c, name) for name in Choice.__table__.columns.keys()})
            for c in question.choices
        ]


# Keyed by (id, fingerprint, updated_at): a version's content changes only with its fingerprint and any
# other change to its row moves updated_at, so a key always names the row as it is now.
_copies: dict[tuple, QuestionCopy] = {}
COPIES_KEPT = 4096


# A question version that has answers never changes again (an edit makes a new version), so a
# submitted attempt's questions are known by id alone and need no check against the database.
_answered: dict[int, QuestionCopy] = {}


def questions_of(attempt: Attempt) -> list[Any]:
    """The attempt's questions in its own order, with their choices; each version is read once per process."""
    found, missing = {}, []
    if attempt.submitted:
        for qid in attempt.question_ids:
            if (copy := _answered.get(qid)) is None:
                missing.append(qid)
            else:
                found[qid] = copy
    else:
        stamps = db.session.execute(
            select(Question.id, Question.fingerprint, Question.updated_at).where(Question.id.in_(attempt.question_ids))
        )
        for stamp in stamps:
            copy = _copies.get(tuple(stamp))
            if copy is None:
                missing.append(stamp.id)
            else:
                found[stamp.id] = copy
    if missing:
        if len(_copies) > COPIES_KEPT:
            _copies.clear()
        rows = db.session.scalars(
            select(Question).where(Question.id.in_(missing)).options(selectinload(Question.choices))
        )
        if len(_answered) > COPIES_KEPT:
            _answered.clear()
        for q in rows:
            found[q.id] = _copies[(q.id, q.fingerprint, q.updated_at)] = QuestionCopy(q)
            if attempt.submitted:
                _answered[q.id] = found[q.id]
    return [found[qid] for qid in attempt.question_ids]


def answers_of(attempt: Attempt) -> dict[int, Any]:
    """The attempt's answers by question id: the plain values the student pages show, not ORM objects."""
    rows = db.session.execute(
        select(
            Answer.question_id, Answer.choice_id, Answer.response, Answer.credit, Answer.correct, Answer.confidence
        ).where(Answer.attempt_id == attempt.id)
    )
    return {row.question_id: row for row in rows}


def read_answers(questions: list[Question], form: Mapping[str, Any]) -> dict[int, Any]:
    """Each question's parsed answer; ``Tampered`` for impossible values, ``Unanswered`` for gaps."""
    responses = {q.id: KINDS[q.kind].parse(q, form) for q in questions}
    if missing := [q for q in questions if responses[q.id] is None]:
        raise Unanswered(missing)
    return Responses(responses, read_confidence(questions, form))


class Responses(dict):
    """Parsed answers by question id, with how sure the student said they were of each (``q12-confidence``)."""

    def __init__(self, answers: dict[int, Any], confidence: dict[int, str] | None = None):
        super().__init__(answers)
        self.confidence = confidence or {}


def record(attempt: Attempt, questions: list[Question], responses: dict[int, Any]) -> None:
    """Grade and store answers; an attempt already answered on a question keeps its first answer.

    The answers go in as one multi-row INSERT and their judgements as another, not one ORM object
    each: a quiz is forty-odd answers, and a whole class submits at the same moment.
    """
    earlier = {
        qid: (credit, level)
        for qid, credit, level in db.session.execute(
            select(Answer.question_id, Answer.credit, Answer.confidence).where(Answer.attempt_id == attempt.id)
        )
    }
    confidence = getattr(responses, "confidence", {})
    graded = [(q.id, KINDS[q.kind].grade(q, responses[q.id])) for q in questions if q.id not in earlier]
    if graded:
        now = utcnow()
        ids = db.session.scalars(
            insert(Answer).returning(Answer.id, sort_by_parameter_order=True),
            [
                {
                    "attempt_id": attempt.id,
                    "question_id": qid,
                    "choice_id": g.choice_id,
                    "response": g.response,
                    "credit": g.credit,
                    "correct": g.correct,
                    "answered_at": now,
                    "confidence": confidence.get(qid),
                }
                for qid, g in graded
            ],
        ).all()
        judgements = [
            {"answer_id": answer_id, "sentence_key": key, "expected": expected, "chosen": chosen}
            for answer_id, (_, g) in zip(ids, graded, strict=True)
            for key, expected, chosen in g.judgements
        ]
        if judgements:
            db.session.execute(insert(Judgement), judgements)
        db.session.expire(attempt, ["answers"])
    if len(earlier) + len(graded) == len(attempt.question_ids):
        marks = [*earlier.values(), *((g.credit, confidence.get(qid)) for qid, g in graded)]
        cbm = attempt.quiz.certainty_marking
        finish(attempt, sum(calibration.points(cbm, credit, level) for credit, level in marks))


def finish(attempt: Attempt, score: float) -> None:
    attempt.score = round(score, 4)
    attempt.submitted_at = utcnow()
    forget_saved(attempt)
    if attempt.lti_link_id is not None:
        from quiz.store import lti  # the learning platform's gradebook is owed this score

        lti.queue_score(attempt)


def article_of(attempt: Attempt) -> Any:
    """The article version the attempt was answered on: a corrected article leaves earlier attempts theirs."""
    if attempt.article_id in (None, attempt.quiz.article_id):
        return attempt.quiz.article
    return db.session.get(Article, attempt.article_id) or attempt.quiz.article


def load_for_update(token: str) -> Attempt | None:
    """The attempt, locked against a second submit racing this one (PostgreSQL; SQLite locks the file)."""
    return db.session.scalar(select(Attempt).where(Attempt.token == token).with_for_update())


# --- Time limits (the rules live in quiz.store.assignments) -------------------------------------


def deadline(attempt: Attempt):
    """When the attempt stops taking answers (its assignment's time limit or due time), or None."""
    from quiz.store import assignments

    return assignments.deadline(attempt)


def close_if_late(attempt: Attempt) -> str | None:
    """Past its deadline and grace, submit the attempt with what was saved and say why a request is refused."""
    from quiz.store import assignments

    return assignments.close_if_late(attempt)
