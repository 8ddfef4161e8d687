"""The queries behind the teacher's summaries: every number starts as a GROUP BY in the database.

A ``Scope`` says which attempts count (quiz, class, dates, first/best/last/all, one student).
Each report runs one aggregate query over those attempts and folds its few result rows (one per
question and choice, one per sentence and category pair) into what the pages show; no function
here loops over individual answers except the CSV export, which streams them.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import Integer, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from quiz.core import statistics as st
from quiz.core.kinds import words
from quiz.core.taxonomy import CATEGORIES, SKILLS
from quiz.models import Answer, Attempt, Choice, Classroom, Judgement, Question, Quiz, QuizQuestion

COUNTS = {
    "all": "Every attempt",
    "first": "Each student’s first attempt",
    "best": "Each student’s best attempt",
    "last": "Each student’s latest attempt",
}

# Plain names for reading mistakes: (right category, category chosen) -> what the reader does.
CONFUSION_NAMES: dict[tuple[str, str], str] = {
    ("opinion", "sourced"): "treats quoted opinions as sourced facts",
    ("opinion", "unsourced"): "takes a quoted opinion for the writer’s own assertion",
    ("opinion", "prediction"): "reads a judgement as a forecast",
    ("sourced", "opinion"): "dismisses checkable, attributed claims as mere opinion",
    ("sourced", "unsourced"): "overlooks who is cited: takes attributed claims for the writer’s own",
    ("sourced", "prediction"): "reads reported facts as forecasts",
    ("unsourced", "sourced"): "assumes a source where the text names none",
    ("unsourced", "opinion"): "reads the writer’s checkable assertions as opinion",
    ("unsourced", "prediction"): "reads the writer’s assertions as forecasts",
    ("prediction", "sourced"): "treats attributed warnings as proven facts",
    ("prediction", "opinion"): "reads a forecast or warning as a value judgement",
    ("prediction", "unsourced"): "takes an attributed forecast for the writer’s own claim",
}
TOP_CONFUSIONS = 3


class ScopeError(ValueError):
    """A filter that cannot describe any set of attempts (for example, an end before the start)."""


@dataclass(frozen=True)
class Scope:
    """Which attempts a summary counts; ``visible_classes`` are the signed-in teacher's classes."""

    quiz_id: int
    visible_classes: tuple[int, ...] = ()
    classroom: int | str | None = None  # a class id, "none" for attempts without a class, or None
    start: date | None = None
    end: date | None = None
    counts: str = "all"
    student: str | None = None

    def __post_init__(self) -> None:
        if self.counts not in COUNTS:
            raise ScopeError(f"unknown choice of attempts: {self.counts!r}")
        if self.start and self.end and self.end < self.start:
            raise ScopeError("the end date is before the start date")
        if isinstance(self.classroom, int) and self.classroom not in self.visible_classes:
            raise ScopeError("that class is not one of yours")


def _filters(scope: Scope) -> list[Any]:
    where = [Attempt.quiz_id == scope.quiz_id, Attempt.submitted_at.is_not(None)]
    if scope.classroom == "none":
        where.append(Attempt.classroom_id.is_(None))
    elif isinstance(scope.classroom, int):
        where.append(Attempt.classroom_id == scope.classroom)
    else:
        # Attempts made without a class are the school's; a class's attempts are its teacher's.
        where.append(or_(Attempt.classroom_id.is_(None), Attempt.classroom_id.in_(scope.visible_classes)))
    if scope.start:
        where.append(Attempt.submitted_at >= datetime.combine(scope.start, time()))
    if scope.end:
        where.append(Attempt.submitted_at < datetime.combine(scope.end + timedelta(days=1), time()))
    if scope.student is not None:
        where.append(Attempt.display_name == scope.student)
    return where


def counted(scope: Scope):
    """The attempts that count, as a subquery: id, score, max_score, classroom_id, display_name."""
    columns = (Attempt.id, Attempt.score, Attempt.max_score, Attempt.classroom_id, Attempt.display_name)
    if scope.counts == "all":
        return select(*columns).where(*_filters(scope)).subquery("counted")
    order = {
        "first": (Attempt.submitted_at, Attempt.id),
        "last": (Attempt.submitted_at.desc(), Attempt.id.desc()),
        "best": (Attempt.score.desc(), Attempt.submitted_at, Attempt.id),
    }[scope.counts]
    rank = func.row_number().over(partition_by=(Attempt.classroom_id, Attempt.display_name), order_by=order)
    ranked = select(*columns, rank.label("rank")).where(*_filters(scope)).subquery("ranked")
    return select(*(ranked.c[c.key] for c in columns)).where(ranked.c.rank == 1).subquery("counted")


# --- The quiz as a whole ------------------------------------------------------------------------


@dataclass
class Overview:
    attempts: int
    students: int
    max_score: int
    frequencies: dict[float, int]
    spread: st.Spread

    def percent(self, points: float | None) -> float | None:
        return None if points is None or not self.max_score else 100 * points / self.max_score


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


@dataclass
class ChoiceCount:
    label: str
    count: int
    is_key: bool
    percent: float | None = None


@dataclass
class QuestionStats:
    """What the answers to one question (all versions of one question id) add up to."""

    number: int
    key: str
    prompt: str
    kind: str
    skill: str
    sentence_keys: list[str]
    answers: int = 0
    credit: float = 0.0
    credit_squares: float = 0.0
    credit_score: float = 0.0
    score: float = 0.0
    score_squares: float = 0.0
    fully_right: int = 0
    choices: dict[str, ChoiceCount] = field(default_factory=dict)
    chance: Fraction = Fraction(0)
    current: bool = True  # still in the quiz (not a question since removed)
    # Versions whose judgements are read from the judgement table (tag questions, sentence by sentence).
    judged_ids: set[int] = field(default_factory=set)
    # A classify answer's one judgement is its choice's category, so its choice counts carry them.
    judgements: Counter = field(default_factory=Counter)

    @property
    def facility(self) -> float | None:
        return self.credit / self.answers if self.answers else None

    @property
    def discrimination(self) -> float | None:
        return st.item_rest_correlation(
            self.answers, self.credit, self.credit_squares, self.credit_score, self.score, self.score_squares
        )

    @property
    def variance(self) -> float | None:
        return st.variance(self.answers, self.credit, self.credit_squares)

    @property
    def flags(self) -> list[str]:
        key = [c.count for c in self.choices.values() if c.is_key]
        wrong = [c.count for c in self.choices.values() if not c.is_key]
        has_choices = self.kind in ("choice", "classify") and key
        return st.question_flags(
            self.answers,
            self.facility,
            self.discrimination,
            key_count=sum(key) if has_choices else None,
            top_wrong_count=max(wrong, default=0) if has_choices else None,
        )


def chance_credit(question: Question) -> Fraction:
    """What a student answering at random earns on a question, on average."""
    if question.kind == "tag":
        return Fraction(1, len(CATEGORIES))
    if question.choices:
        # A mark question without JavaScript is a choice between phrases; count it that way.
        return Fraction(1, len(question.choices))
    return Fraction(0)


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
        if question.key not in stats:
            stats[question.key] = QuestionStats(
                number=len(stats) + 1, key=question.key, prompt=question.prompt, kind=question.kind,
                skill=question.skill, sentence_keys=list(question.sentence_keys), chance=chance_credit(question),
                current=question in current,
            )
            for choice in question.choices:
                stats[question.key].choices[choice.text] = ChoiceCount(choice.text, 0, choice.correct)
    for question in by_id.values():
        if question.kind == "tag":
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
        choice = question.choice_by_id(choice_id) if choice_id is not None else None
        if choice is not None:
            counted_choice = item.choices.setdefault(choice.text, ChoiceCount(choice.text, 0, choice.correct))
            counted_choice.count += n
            key = question.correct_choice
            if question.kind == "classify" and question.sentence_keys and key and choice.category:
                item.judgements[(question.sentence_keys[0], key.category, choice.category)] += n
        elif question.kind == "mark":
            item.choices.setdefault("", ChoiceCount("Marked words instead", 0, False)).count += n
    for item in stats.values():
        for choice in item.choices.values():
            choice.percent = 100 * choice.count / item.answers if item.answers else None
    return list(stats.values())


@dataclass
class Reliability:
    alpha: float | None
    reason: str


def reliability(items: Sequence[QuestionStats]) -> Reliability:
    """Cronbach's alpha (KR-20) once there are enough attempts; otherwise, why not.

    Everything comes from the per-question sums, which one query made from one snapshot: each
    question's sums of scores are the sums over the attempts that answered it.
    """
    need = st.MIN_ATTEMPTS_FOR_RELIABILITY
    attempts = max((item.answers for item in items), default=0)
    if attempts < need:
        return Reliability(None, f"Needs at least {need} attempts; there are {attempts}.")
    if any(item.answers != attempts for item in items):
        return Reliability(None, "Not every counted attempt answered the same questions (the quiz changed).")
    total = st.variance(attempts, items[0].score, items[0].score_squares)
    alpha = st.cronbach_alpha([item.variance or 0.0 for item in items], total)
    if alpha is None:
        return Reliability(None, "Every attempt has the same score, so there is no spread to measure.")
    return Reliability(alpha, "")


@dataclass
class SkillStats:
    key: str
    label: str
    questions: int
    answers: int
    credit: float

    @property
    def percent(self) -> float | None:
        return 100 * self.credit / self.answers if self.answers else None


def skill_stats(items: Sequence[QuestionStats]) -> list[SkillStats]:
    """Percent of credit earned per reading skill, folded from the per-question sums."""
    skills = {key: SkillStats(key, label, 0, 0, 0.0) for key, label in SKILLS.items()}
    for item in items:
        skill = skills.setdefault(item.skill, SkillStats(item.skill, item.skill, 0, 0, 0.0))
        skill.questions += 1
        skill.answers += item.answers
        skill.credit += item.credit
    return [s for s in skills.values() if s.questions]


# --- What students confuse ----------------------------------------------------------------------


@dataclass
class Confusion:
    """Right category (rows) against chosen category (columns), with counts and row percentages."""

    categories: list[str]
    counts: dict[str, dict[str, int]]

    @property
    def percentages(self) -> dict[str, dict[str, float | None]]:
        return st.row_percentages(self.counts)

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.counts.values())

    def row_total(self, row: str) -> int:
        return sum(self.counts[row].values())

    def top(self, limit: int = TOP_CONFUSIONS) -> list[dict[str, Any]]:
        """The largest off-diagonal cells, named in plain words."""
        cells = [
            (n, expected, chosen)
            for expected, row in self.counts.items()
            for chosen, n in row.items()
            if expected != chosen and n
        ]
        shares = self.percentages
        # Most often first; between equals, the mix-up that takes the larger share of its row.
        order = self.categories.index
        cells.sort(key=lambda c: (-c[0], -(shares[c[1]][c[2]] or 0), order(c[1]), order(c[2])))
        return [
            dict(
                expected=expected, chosen=chosen, count=n, percent=self.percentages[expected][chosen],
                name=confusion_name(expected, chosen),
            )
            for n, expected, chosen in cells[:limit]
        ]


def confusion_name(expected: str, chosen: str) -> str:
    name = CONFUSION_NAMES.get((expected, chosen))
    return name or f"reads “{CATEGORIES.get(expected, expected)}” as “{CATEGORIES.get(chosen, chosen)}”"


@dataclass
class SentenceReading:
    judged: int = 0
    misjudged: int = 0
    answered: int = 0
    wrong: int = 0
    questions: list[QuestionStats] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.judged + self.answered

    @property
    def misread(self) -> float | None:
        return 100 * (self.misjudged + self.wrong) / self.total if self.total else None


def tag_judgements(session: Session, scope: Scope) -> list[tuple[str, str, str, int]]:
    """(sentence, right category, chosen category, count) for tag answers: one GROUP BY."""
    c = counted(scope)
    tag_questions = select(Question.id).where(Question.kind == "tag")
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


def with_classify(tagged: Sequence[tuple[str, str, str, int]], items: Sequence[QuestionStats]) -> list:
    """Tag judgements plus classify ones, which the per-question choice counts already carry.

    Reading classify answers from their choice counts saves a second pass over the answers.
    """
    counts = Counter({(sentence, expected, chosen): n for sentence, expected, chosen, n in tagged})
    for item in items:
        counts.update(item.judgements)
    return [(*cell, n) for cell, n in sorted(counts.items())]


def judgement_counts(session: Session, scope: Scope, items: Sequence[QuestionStats]) -> list:
    """(sentence, right category, chosen category, count) for every categorised sentence."""
    return with_classify(tag_judgements(session, scope), items)


def confusion(judgements: Sequence[tuple[str, str, str, int]]) -> Confusion:
    categories = list(CATEGORIES)
    for _, expected, chosen, _ in judgements:
        for category in (expected, chosen):
            if category not in categories:
                categories.append(category)
    counts = {row: {col: 0 for col in categories} for row in categories}
    for _, expected, chosen, n in judgements:
        counts[expected][chosen] += n
    return Confusion(categories, counts)


def sentence_readings(
    judgements: Sequence[tuple[str, str, str, int]], items: Sequence[QuestionStats]
) -> dict[str, SentenceReading]:
    """How often each sentence was misread: wrong categories on it, and wrong answers citing it.

    Classify and tag answers count once per sentence judged; other questions count once per
    answer for each sentence they quote.
    """
    readings: dict[str, SentenceReading] = defaultdict(SentenceReading)
    for sentence, expected, chosen, n in judgements:
        readings[sentence].judged += n
        readings[sentence].misjudged += n if expected != chosen else 0
    for item in items:
        for sentence in item.sentence_keys:
            reading = readings[sentence]
            reading.questions.append(item)
            if item.kind not in ("classify", "tag"):
                reading.answered += item.answers
                reading.wrong += item.answers - item.fully_right
    return dict(readings)


def heat_level(percent: float | None) -> int:
    """0 for no data, then 1-4 from rarely to mostly misread."""
    if percent is None:
        return 0
    return 1 if percent < 10 else 2 if percent < 25 else 3 if percent < 50 else 4


# --- The whole summary page ---------------------------------------------------------------------


@dataclass
class QuizReport:
    overview: Overview
    questions: list[QuestionStats]
    reliability: Reliability
    skills: list[SkillStats]
    confusion: Confusion
    readings: dict[str, SentenceReading]
    chance_score: Fraction


def quiz_report(session: Session, scope: Scope) -> QuizReport:
    """Everything the quiz summary page shows, from three aggregate queries run side by side."""
    summary, items, tagged = run_side_by_side(
        session, (overview, scope), (question_stats, scope), (tag_judgements, scope)
    )
    judgements = with_classify(tagged, items)
    return QuizReport(
        overview=summary,
        questions=items,
        reliability=reliability(items),
        skills=skill_stats(items),
        confusion=confusion(judgements),
        readings=sentence_readings(judgements, items),
        chance_score=sum((item.chance for item in items if item.current), Fraction(0)),
    )


def run_side_by_side(session: Session, *calls: tuple) -> list:
    """Run ``function(session, *args)`` calls each on its own connection, in parallel threads.

    The database does the work and releases Python's lock while it does, so independent
    aggregates overlap on a machine with more than one core. A database that lives inside one
    connection (SQLite in memory) cannot be shared, so there the calls run one after another.
    """
    engine = session.get_bind()
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return [function(session, *args) for function, *args in calls]

    def run(call: tuple) -> Any:
        function, *args = call
        with Session(engine) as own:
            return function(own, *args)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


# --- Students -----------------------------------------------------------------------------------


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
    return list(
        session.scalars(
            select(Attempt).where(*_filters(scope)).order_by(Attempt.submitted_at, Attempt.id)
        )
    )


def attempt_chance(session: Session, attempt: Attempt) -> Fraction:
    questions = session.scalars(
        select(Question).where(Question.id.in_(attempt.question_ids)).options(selectinload(Question.choices))
    )
    return sum((chance_credit(q) for q in questions), Fraction(0))


# --- Quizzes a teacher can summarise ------------------------------------------------------------


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


# --- CSV ----------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


ATTEMPT_HEADER = ["attempt", "student", "class", "started", "submitted", "score", "max_score", "percent"]
ANSWER_HEADER = [
    "attempt", "student", "class", "question_id", "version", "skill", "chosen", "credit", "correct", "answered_at",
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
            attempt.id, attempt.display_name, classroom or "", _stamp(attempt.started_at),
            _stamp(attempt.submitted_at), f"{attempt.score:g}", attempt.max_score, f"{percent:.1f}",
        ]


def chosen_text(kind: str, choice: str | None, response: Any, excerpt: str) -> str:
    """What the student gave, as text: the choice, the tags, or the words marked."""
    if choice is not None:
        return choice
    if isinstance(response, str):
        response = json.loads(response)
    if kind == "tag" and isinstance(response, dict):
        return "; ".join(f"{sentence}={category}" for sentence, category in response.items())
    if kind == "mark" and isinstance(response, list):
        spans = words(excerpt)
        return " ".join(excerpt[spans[i][0] : spans[i][1]] for i in response if 0 <= i < len(spans))
    return ""


def answer_rows(session: Session, scope: Scope) -> Iterator[list[Any]]:
    """One row per answer of a counted attempt, in attempt order."""
    c = counted(scope)
    stmt = (
        select(
            Answer.attempt_id, c.c.display_name, Classroom.name, Question.key, Question.version, Question.skill,
            Question.kind, Question.excerpt, Choice.text, Answer.response, Answer.credit, Answer.correct,
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
            attempt, name, classroom or "", key, version, skill, chosen_text(kind, choice, response, excerpt),
            f"{credit:g}", "yes" if correct else "no", _stamp(at),
        ]
