"""Each counted student's sentence judgements: one GROUP BY, one row per student, a column per category pair."""

from dataclasses import dataclass
from itertools import product

from sqlalchemy import Integer, and_, case, func, select
from sqlalchemy.orm import Session

from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES
from quiz.models import Answer, Judgement, Question
from quiz.store.reports.scope import Scope, counted

PAIRS = list(product(CATEGORIES, CATEGORIES))
JUDGING = tuple(name for name, k in KINDS.items() if k.judges_sentences)


@dataclass
class Reader:
    """One student's (classroom, name) sentence judgements as (right, chosen, count) cells."""

    name: str
    classroom_id: int | None
    cells: list[tuple[str, str, int]]


def readers(session: Session, scope: Scope) -> list[Reader]:
    """Every counted student's judgements, by name: the database sums each (right, chosen) pair per student.

    Only answers to questions that judge sentences are read: from each counted attempt, its
    answers to those questions through the answers' unique (attempt, question) index, and their
    judgements through the covering ``ix_judgement_summary``. One row per student comes back, so
    the fold in Python is as long as the class whatever the number of answers.
    """
    c = counted(scope)
    judging = select(Question.id).where(Question.kind.in_(JUDGING))
    sums = [
        func.sum(case((and_(Judgement.expected == right, Judgement.chosen == chosen), 1), else_=0)).cast(Integer)
        for right, chosen in PAIRS
    ]
    rows = session.execute(
        select(c.c.classroom_id, c.c.display_name, *sums)
        .select_from(Answer)
        .join(Judgement, Judgement.answer_id == Answer.id)
        .join(c, c.c.id == Answer.attempt_id)
        .where(Answer.question_id.in_(judging))
        .group_by(c.c.classroom_id, c.c.display_name)
    )
    found = [
        Reader(name, classroom_id, [(r, ch, n) for (r, ch), n in zip(PAIRS, counts, strict=True) if n])
        for classroom_id, name, *counts in rows
    ]
    return sorted(found, key=lambda r: (r.name.casefold(), r.name, r.classroom_id or 0))
