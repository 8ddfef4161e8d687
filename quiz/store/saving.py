"""Answers saved as they are given (``SavedAnswer``), and the form fields they and a submission come in."""

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select

from quiz.core import calibration
from quiz.core.kinds import KINDS, Tampered
from quiz.extensions import db
from quiz.models import Attempt, SavedAnswer, utcnow

__all__ = [
    "AlreadySubmitted",
    "save",
    "saved_fields",
    "with_saved",
    "answered_count",
    "read_confidence",
    "forget_saved",
]


# The fields a question's form sends: ``q12`` or ``q12-<part>`` (``q12-words``, ``q12-p1s2``).
_FIELD = re.compile(r"^q([0-9]{1,12})(?:-([A-Za-z0-9_]{1,20}))?$")
LONGEST_VALUE = 2000


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
