"""Starting, answering and scoring attempts: what the student pages call between load and commit.

The server grades everything itself from the stored question versions; nothing the browser says
about correctness is read. An attempt is scored exactly once, when its last answer is in.
"""

import random
import re
import secrets
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import selectinload

from quiz.core import calibration
from quiz.core.kinds import KINDS, Tampered
from quiz.extensions import db
from quiz.models import Answer, Article, Attempt, Choice, Judgement, Question, Quiz, SavedAnswer, utcnow

__all__ = [
    "Tampered", "Unanswered", "AlreadySubmitted", "start", "questions_of", "read_answers", "record", "finish",
    "save", "saved_fields", "with_saved", "answered_count",
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


def read_confidence(questions: list[Any], form: Mapping[str, Any]) -> dict[int, str]:
    """Each ``q<id>-confidence`` field sent: a level of ``calibration.LEVELS``, or ``Tampered``."""
    found = {}
    for question in questions:
        values = form.getlist(f"q{question.id}-confidence") if hasattr(form, "getlist") else []
        if not hasattr(form, "getlist") and f"q{question.id}-confidence" in form:
            values = [form[f"q{question.id}-confidence"]]
        if len(values) > 1 or (values and values[0] not in calibration.LEVELS):
            raise Tampered(f"q{question.id}-confidence is not one level of certainty")
        if values:
            found[question.id] = values[0]
    return found


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
                {"attempt_id": attempt.id, "question_id": qid, "choice_id": g.choice_id, "response": g.response,
                 "credit": g.credit, "correct": g.correct, "answered_at": now, "confidence": confidence.get(qid)}
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


# --- Answers saved as they are given ------------------------------------------------------------

# The fields a question's form sends: ``q12`` or ``q12-<part>`` (``q12-words``, ``q12-p1s2``).
_FIELD = re.compile(r"^q([0-9]{1,12})(?:-([A-Za-z0-9_]{1,20}))?$")
LONGEST_VALUE = 2000


class AlreadySubmitted(Exception):
    """A save for an attempt that was submitted: nothing changes once it is scored."""


def _fields_by_question(attempt: Attempt, form: Mapping[str, Any]) -> dict[int, dict[str, str]]:
    """The question fields of ``form`` grouped by question; a name outside the attempt is ``Tampered``."""
    grouped: dict[int, dict[str, str]] = {}
    ids = set(attempt.question_ids)
    for name in form:
        match = _FIELD.match(name)
        if match is None:
            continue  # the CSRF token, the step's question id, the button
        qid = int(match.group(1))
        if qid not in ids:
            raise Tampered(f"question {qid} is not part of this attempt")
        values = form.getlist(name) if hasattr(form, "getlist") else [form[name]]
        if len(values) != 1 or not isinstance(values[0], str) or len(values[0]) > LONGEST_VALUE:
            raise Tampered(f"{name} was not sent once as a short text")
        grouped.setdefault(qid, {})[name] = values[0]
    return grouped


def saved_fields(attempt: Attempt) -> dict[str, str]:
    """Every field the student saved, as one form the question templates can fill themselves from."""
    fields: dict[str, str] = {}
    for saved in db.session.scalars(select(SavedAnswer.fields).where(SavedAnswer.attempt_id == attempt.id)):
        fields.update(saved)
    return fields


def save(attempt: Attempt, questions: list[Any], form: Mapping[str, Any]) -> int:
    """Keep the answers in ``form`` as given, one row per question, and say how many questions they touched.

    Each value is checked as a submission would be (a foreign question or choice is ``Tampered``), so
    what is kept can always be submitted. Only the questions in ``form`` change: two saves of different
    questions at the same moment both stay.
    """
    if attempt.submitted:
        raise AlreadySubmitted(attempt.token)
    grouped = _fields_by_question(attempt, form)
    if not grouped:
        return 0
    by_id = {q.id: q for q in questions}
    rows = {
        row.question_id: row
        for row in db.session.scalars(
            select(SavedAnswer).where(SavedAnswer.attempt_id == attempt.id, SavedAnswer.question_id.in_(grouped))
        )
    }
    now = utcnow()
    for qid, fields in grouped.items():
        question = by_id[qid]
        kind = KINDS[question.kind]
        row = rows.get(qid)
        kept = {**(row.fields if row else {}), **fields}
        # Filled in with the model answer where the student has not answered yet, every value sent is read.
        kind.parse(question, {**kind.form_fields(question, kind.model_answer(question)), **kept})
        read_confidence([question], kept)  # a level of certainty, if any, must be one a submission accepts
        if row is None:
            db.session.add(SavedAnswer(attempt_id=attempt.id, question_id=qid, fields=kept, saved_at=now))
        else:
            row.fields, row.saved_at = kept, now
    return len(grouped)


def with_saved(attempt: Attempt, form: Mapping[str, Any]) -> dict[str, str]:
    """The saved answers with ``form`` on top: what a submission grades, so nothing saved is lost."""
    merged = saved_fields(attempt)
    for fields in _fields_by_question(attempt, form).values():
        merged.update(fields)
    return merged


def answered_count(questions: list[Any], fields: Mapping[str, Any]) -> int:
    """How many of ``questions`` the fields answer completely (a progress figure, so bad values count as none)."""
    count = 0
    for question in questions:
        try:
            count += KINDS[question.kind].parse(question, fields) is not None
        except Tampered:
            pass
    return count


def forget_saved(attempt: Attempt) -> None:
    """Drop the saved copies once the attempt is scored: its answers now live in ``Answer``."""
    db.session.execute(delete(SavedAnswer).where(SavedAnswer.attempt_id == attempt.id))


# --- Time limits (the rules live in quiz.store.assignments) -------------------------------------


def deadline(attempt: Attempt):
    """When the attempt stops taking answers (its assignment's time limit or due time), or None."""
    from quiz.store import assignments

    return assignments.deadline(attempt)


def close_if_late(attempt: Attempt) -> str | None:
    """Past its deadline and grace, submit the attempt with what was saved and say why a request is refused."""
    from quiz.store import assignments

    return assignments.close_if_late(attempt)
