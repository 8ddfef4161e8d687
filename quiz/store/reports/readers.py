"""Each counted student's sentence judgements: one GROUP BY, one row per student, a column per category pair."""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from sqlalchemy import Integer, and_, case, exists, func, select
from sqlalchemy.orm import Session

from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES
from quiz.models import Answer, Judgement, Question
from quiz.store.reports.parallel import run_side_by_side
from quiz.store.reports.scope import Scope, counted, pinned

PAIRS = list(product(CATEGORIES, CATEGORIES))
JUDGING = tuple(name for name, k in KINDS.items() if k.judges_sentences)


@dataclass
class Reader:
    """One student's (classroom, name) sentence judgements as (right, chosen, count) cells."""

    name: str
    classroom_id: int | None
    cells: list[tuple[str, str, int]]


def _order(name: str, classroom_id: int | None) -> tuple:
    return (name.casefold(), name, classroom_id or 0)


def readers(session: Session, scope: Scope, names: Sequence[str] | None = None) -> list[Reader]:
    """Every counted student's judgements (or only those of ``names``), by name: the database sums each pair.

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
    query = (
        select(c.c.classroom_id, c.c.display_name, *sums)
        .select_from(Answer)
        .join(Judgement, Judgement.answer_id == Answer.id)
        .join(c, c.c.id == Answer.attempt_id)
        .where(Answer.question_id.in_(judging))
        .group_by(c.c.classroom_id, c.c.display_name)
    )
    if names is not None:
        query = query.where(c.c.display_name.in_(list(names)))
    found = [
        Reader(name, classroom_id, [(r, ch, n) for (r, ch), n in zip(PAIRS, counts, strict=True) if n])
        for classroom_id, name, *counts in session.execute(query)
    ]
    return sorted(found, key=lambda r: _order(r.name, r.classroom_id))


def reader_names(session: Session, scope: Scope) -> list[tuple[str, int | None]]:
    """Every counted student (name, class) who categorised a sentence, in the order ``readers`` lists them."""
    c = counted(scope)
    judged = exists().where(
        Answer.attempt_id == c.c.id,
        Answer.question_id.in_(select(Question.id).where(Question.kind.in_(JUDGING))),
        Judgement.answer_id == Answer.id,
    )
    rows = session.execute(select(c.c.display_name, c.c.classroom_id).where(judged).distinct())
    return sorted(((name, classroom_id) for name, classroom_id in rows), key=lambda r: _order(*r))


def pooled_judgements(session: Session, scope: Scope) -> list[tuple[str, str, int]]:
    """(right, chosen, count) over every counted student's categorised sentences: one GROUP BY."""
    c = counted(scope)
    rows = session.execute(
        select(Judgement.expected, Judgement.chosen, func.count())
        .select_from(Answer)
        .join(Judgement, Judgement.answer_id == Answer.id)
        .join(c, c.c.id == Answer.attempt_id)
        .where(Answer.question_id.in_(select(Question.id).where(Question.kind.in_(JUDGING))))
        .group_by(Judgement.expected, Judgement.chosen)
    )
    return [(right, chosen, n) for right, chosen, n in rows]


@dataclass
class ReadersPage:
    """One page of students' judgements, how many students there are in all, and the class's pooled cells."""

    readers: list[Reader]
    total: int
    pooled: list[tuple[str, str, int]]


def readers_page(session: Session, scope: Scope, page: int, per_page: int) -> ReadersPage:
    """The discernment page's figures: the students are listed first, then only one page of them is summed.

    Summing every student's judgements for a class of thousands would read every judgement per
    student; the page needs that for ``per_page`` students, and the class's verdict needs only the
    pooled counts, one GROUP BY on two small columns.
    """
    scope = pinned(session, scope)
    everyone, pooled = run_side_by_side(session, (reader_names, scope), (pooled_judgements, scope))
    shown = everyone[(page - 1) * per_page : page * per_page]
    wanted = set(shown)
    people = readers(session, scope, sorted({name for name, _ in shown})) if shown else []
    return ReadersPage([r for r in people if (r.name, r.classroom_id) in wanted], len(everyone), pooled)
