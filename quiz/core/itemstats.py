"""What a quiz's answers add up to, per question and per skill, folded from the database's sums.

The store's queries return one row per question version and choice; these classes add those rows
up (all versions of one question key together) and derive facility, discrimination, flags and
reliability from the sums with the formulas in ``quiz.core.statistics``. Nothing here reads rows
of answers, and nothing imports the database.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from quiz.core import statistics as st
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import SKILLS


@dataclass
class Overview:
    attempts: int
    students: int
    max_score: int
    frequencies: dict[float, int]
    spread: st.Spread

    def percent(self, points: float | None) -> float | None:
        return None if points is None or not self.max_score else 100 * points / self.max_score


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
    # What the kind says about itself: whether choices are counted, whether answers judge sentences.
    counts_choices: bool = True
    judges_sentences: bool = False
    # Versions whose judgements are read from the judgement table (tag questions, sentence by sentence).
    judged_ids: set[int] = field(default_factory=set)
    # A classify answer's one judgement is its choice's category, so its choice counts carry them.
    judgements: Counter = field(default_factory=Counter)

    @property
    def enough(self) -> bool:
        """Enough answers for facility, discrimination and flags to mean something."""
        return self.answers >= st.MIN_ANSWERS_FOR_FLAGS

    @property
    def facility(self) -> float | None:
        return self.credit / self.answers if self.answers else None

    @property
    def missed(self) -> float | None:
        """Share of the credit not earned (0 to 1): how often the question is missed."""
        return None if self.facility is None else 1 - self.facility

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
        has_choices = self.counts_choices and bool(key)
        return st.question_flags(
            self.answers,
            self.facility,
            self.discrimination,
            key_count=sum(key) if has_choices else None,
            top_wrong_count=max(wrong, default=0) if has_choices else None,
        )


def chance_credit(question: Any) -> Fraction:
    """What a student answering at random earns on a question, on average (the kind knows)."""
    return KINDS[question.kind].chance(question)


def most_missed(items: Sequence[QuestionStats], limit: int = 3) -> list[QuestionStats]:
    """The questions with the least credit earned, among those with enough answers to tell."""
    ready = [item for item in items if item.current and item.enough and item.missed]
    return sorted(ready, key=lambda item: (-(item.missed or 0), item.number))[:limit]


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
        return Reliability(None, f"needs {need} attempts (there are {attempts})")
    if any(item.answers != attempts for item in items):
        return Reliability(None, "not every counted attempt answered the same questions (the quiz changed)")
    total = st.variance(attempts, items[0].score, items[0].score_squares)
    alpha = st.cronbach_alpha([item.variance or 0.0 for item in items], total)
    if alpha is None:
        return Reliability(None, "every attempt has the same score, so there is no spread to measure")
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
