"""The quiz summary's queries: every number starts as a GROUP BY over the counted attempts.

Each function runs one aggregate query and folds its few result rows (one per question and
choice, one per sentence and category pair) with the pure code in ``quiz.core``.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlalchemy import Integer, String, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from quiz.core import statistics as st
from quiz.core.itemstats import (
    ChoiceCount,
    Overview,
    QuestionStats,
    Reliability,
    SkillStats,
    chance_credit,
    reliability,
    skill_stats,
)
from quiz.core.kinds import KINDS
from quiz.core.marking import WordView, marks_words, word_view
from quiz.core.mixups import Confusion, SentenceReading, confusion, sentence_readings, with_classify
from quiz.models import Answer, Attempt, Judgement, Question, Quiz, QuizQuestion
from quiz.store.reports.parallel import run_side_by_side
from quiz.store.reports.readers import readers
from quiz.store.reports.scope import Scope, _filters, counted, pinned

# Kinds whose sentence judgements are read from the judgement table: those that judge sentences
# without a choice per answer (a classify answer's one judgement is its choice's category).
TABLE_JUDGED = tuple(name for name, k in KINDS.items() if k.judges_sentences and not k.counts_choices)


# Above this many submitted attempts in scope the summary names no students (see ``quiz_report``).
PER_STUDENT_LIMIT = 2000


def attempts_in(session: Session, scope: Scope) -> int:
    """Submitted attempts the filter matches, whichever count: one index range, no grouping."""
    return session.scalar(select(func.count()).select_from(Attempt).where(*_filters(scope))) or 0


def overview(session: Session, scope: Scope) -> Overview:
    """Attempts, students and the score distribution (from which mean, median and SD follow)."""
    c = counted(scope)
    rows = session.execute(select(c.c.score, func.count(), func.max(c.c.max_score)).group_by(c.c.score)).all()
    frequencies = {float(score): n for score, n, _ in rows}
    attempts = sum(frequencies.values())
    if scope.counts == "all":
        students = session.scalar(
            select(func.count()).select_from(select(c.c.classroom_id, c.c.display_name).distinct().subquery())
        )
    else:
        students = attempts  # one counted attempt per student
    max_score = max((m for *_, m in rows), default=0)
    return Overview(attempts, students or 0, max_score, frequencies, st.describe(frequencies))


def quiz_questions(session: Session, quiz_id: int) -> list[Question]:
    """The quiz's questions in order, choices loaded."""
    return list(
        session.scalars(
            select(Question)
            .join(QuizQuestion, QuizQuestion.question_id == Question.id)
            .where(QuizQuestion.quiz_id == quiz_id)
            .order_by(QuizQuestion.position)
            .options(selectinload(Question.choices))
        )
    )


def question_stats(session: Session, scope: Scope) -> list[QuestionStats]:
    """Per question: answers, credit sums, choice counts; one GROUP BY over the counted answers."""
    c = counted(scope)
    credit = Answer.credit
    rows = session.execute(
        select(
            Answer.question_id,
            Answer.choice_id,
            func.count(),
            func.sum(credit),
            func.sum(credit * credit),
            func.sum(credit * c.c.score),
            func.sum(c.c.score),
            func.sum(c.c.score * c.c.score),
            func.sum(cast(Answer.correct, Integer)),
        )
        .join(c, Answer.attempt_id == c.c.id)
        .group_by(Answer.question_id, Answer.choice_id)
    ).all()
    current = quiz_questions(session, scope.quiz_id)
    seen_ids = {row[0] for row in rows} - {q.id for q in current}
    older = session.scalars(
        select(Question).where(Question.id.in_(seen_ids)).options(selectinload(Question.choices))
    ).all()
    by_id = {q.id: q for q in (*current, *older)}

    stats: dict[str, QuestionStats] = {}
    for question in (*current, *sorted(older, key=lambda q: (q.key, q.version))):
        kind = KINDS[question.kind]
        if question.key not in stats:
            stats[question.key] = QuestionStats(
                number=len(stats) + 1,
                key=question.key,
                prompt=question.prompt,
                kind=question.kind,
                skill=question.skill,
                sentence_keys=list(question.sentence_keys),
                chance=chance_credit(question),
                current=question in current,
                counts_choices=kind.counts_choices,
                judges_sentences=kind.judges_sentences,
            )
            if kind.counts_choices:
                for choice in question.choices:
                    stats[question.key].choices[choice.text] = ChoiceCount(choice.text, 0, choice.correct)
    for question in by_id.values():
        if KINDS[question.kind].judges_sentences and not KINDS[question.kind].counts_choices:
            stats[question.key].judged_ids.add(question.id)
    for question_id, choice_id, n, s, ss, sx, t, tt, right in rows:
        question = by_id[question_id]
        item = stats[question.key]
        item.answers += n
        item.credit += s or 0
        item.credit_squares += ss or 0
        item.credit_score += sx or 0
        item.score += t or 0
        item.score_squares += tt or 0
        item.fully_right += right or 0
        kind = KINDS[question.kind]
        choice = question.choice_by_id(choice_id) if choice_id is not None else None
        if choice is not None and kind.counts_choices:
            counted_choice = item.choices.setdefault(choice.text, ChoiceCount(choice.text, 0, choice.correct))
            counted_choice.count += n
            key = question.correct_choice
            if kind.judges_sentences and question.sentence_keys and key and choice.category:
                item.judgements[(question.sentence_keys[0], key.category, choice.category)] += n
    for item in stats.values():
        for choice in item.choices.values():
            choice.percent = 100 * choice.count / item.answers if item.answers else None
    return list(stats.values())


def tag_judgements(session: Session, scope: Scope) -> list[tuple[str, str, str, int]]:
    """(sentence, right category, chosen category, count) for tag answers: one GROUP BY."""
    c = counted(scope)
    tag_questions = select(Question.id).where(Question.kind.in_(TABLE_JUDGED))
    return [
        (sentence, expected, chosen, n)
        for sentence, expected, chosen, n in session.execute(
            select(Judgement.sentence_key, Judgement.expected, Judgement.chosen, func.count())
            .select_from(Answer)
            .join(c, Answer.attempt_id == c.c.id)
            .join(Judgement, Judgement.answer_id == Answer.id)
            .where(Answer.question_id.in_(tag_questions))
            .group_by(Judgement.sentence_key, Judgement.expected, Judgement.chosen)
        )
    ]


def judgement_counts(session: Session, scope: Scope, items: Sequence[QuestionStats]) -> list:
    """(sentence, right category, chosen category, count) for every categorised sentence."""
    return with_classify(tag_judgements(session, scope), items)


def marked_words(session: Session, scope: Scope, question_ids: Sequence[int]) -> list[tuple[int, Any, int]]:
    """(question id, words marked, how many answers marked exactly those) for mark questions: one GROUP BY.

    Answers marking the same words group together, so the rows are the distinct markings, not the
    answers; the page adds them up word by word.
    """
    if not question_ids:
        return []
    c = counted(scope)
    marking = cast(Answer.response, String)  # JSON has no equality in PostgreSQL; its text does
    return [
        tuple(row)
        for row in session.execute(
            select(Answer.question_id, marking, func.count())
            .join(c, Answer.attempt_id == c.c.id)
            .where(Answer.question_id.in_(list(question_ids)), Answer.response.is_not(None))
            .group_by(Answer.question_id, marking)
        )
    ]


@dataclass
class QuizReport:
    overview: Overview
    questions: list[QuestionStats]
    reliability: Reliability
    skills: list[SkillStats]
    confusion: Confusion
    readings: dict[str, SentenceReading]
    chance_score: Fraction
    readers: list = field(default_factory=list)
    words: dict[str, WordView] = field(default_factory=dict)
    judgements: list = field(default_factory=list)
    per_student: bool = True


def quiz_report(session: Session, scope: Scope) -> QuizReport:
    """Everything the quiz summary page shows, from up to five aggregate queries run side by side.

    The per-student judgements (who makes each mix-up, who leans which way) are read for a scope of
    up to ``PER_STUDENT_LIMIT`` attempts, a class or a few; beyond that the page asks for a class.
    """
    scope = pinned(session, scope)
    marks = {q.id: q for q in quiz_questions(session, scope.quiz_id) if marks_words(KINDS[q.kind])}
    per_student = attempts_in(session, scope) <= PER_STUDENT_LIMIT
    summary, items, tagged, marked, *people = run_side_by_side(
        session,
        (overview, scope),
        (question_stats, scope),
        (tag_judgements, scope),
        (marked_words, scope, list(marks)),
        *([(readers, scope)] if per_student else []),
    )
    judgements = with_classify(tagged, items)
    by_question: dict[int, list] = {}
    for question_id, response, n in marked:
        by_question.setdefault(question_id, []).append((response, n))
    words = {q.key: word_view(q.excerpt, q.evidence, by_question.get(q.id, [])) for q in marks.values()}
    return QuizReport(
        overview=summary,
        questions=items,
        reliability=reliability(items),
        skills=skill_stats(items),
        confusion=confusion(judgements),
        readings=sentence_readings(judgements, items),
        chance_score=sum((item.chance for item in items if item.current), Fraction(0)),
        readers=people[0] if per_student else [],
        per_student=per_student,
        words=words,
        judgements=judgements,
    )


def quiz_counts(session: Session, visible_classes: Sequence[int]) -> list[tuple[Quiz, int]]:
    """Every quiz with the number of submitted attempts this teacher may see."""
    seen = (
        select(Attempt.quiz_id, func.count().label("n"))
        .where(
            Attempt.submitted_at.is_not(None),
            or_(Attempt.classroom_id.is_(None), Attempt.classroom_id.in_(visible_classes)),
        )
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    rows = session.execute(
        select(Quiz, func.coalesce(seen.c.n, 0)).outerjoin(seen, seen.c.quiz_id == Quiz.id).order_by(Quiz.title)
    ).all()
    return [(quiz, n) for quiz, n in rows]
