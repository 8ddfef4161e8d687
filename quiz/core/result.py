"""One student's own result, skill by skill: what went well, what to practise next, and how sure went with right.

Folded in Python from the attempt's answers (one per question) rather than in the result
template: the page is the most visited one after the quiz itself, and Jinja loops over every
skill and every question cost it a third of its time.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SkillResult:
    """One reading skill on one attempt: its questions, the points earned, and the numbers of those missed."""

    key: str
    label: str
    asked: int = 0
    earned: float = 0.0
    missed: list[int] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.earned / self.asked


def skill_results(questions: Sequence[Any], answers: Mapping[int, Any], skills: Mapping[str, str]) -> list[SkillResult]:
    """Each skill the quiz asks, in ``skills`` order; a question counts as missed unless fully right."""
    found = {key: SkillResult(key, label) for key, label in skills.items()}
    for number, question in enumerate(questions, 1):
        row = found.get(question.skill)
        if row is None:
            continue
        answer = answers.get(question.id)
        credit = answer.credit if answer else 0
        row.asked += 1
        row.earned += credit
        if credit < 1:
            row.missed.append(number)
    return [row for row in found.values() if row.asked]


def practise_next(rows: Sequence[SkillResult]) -> SkillResult | None:
    """The skill with the smallest share of its points among those with a miss (the first such on a tie)."""
    return min((row for row in rows if row.missed), key=lambda row: row.share, default=None)


@dataclass
class OwnCalibration:
    """How often the student was right when sure and when guessing, and the questions they were sure of but missed."""

    sure: int = 0
    sure_right: float = 0.0
    guessing: int = 0
    guessing_right: float = 0.0
    sure_wrong: list[int] = field(default_factory=list)

    @property
    def sure_percent(self) -> float:
        return 100 * self.sure_right / self.sure

    @property
    def guessing_percent(self) -> float:
        return 100 * self.guessing_right / self.guessing


def own_calibration(questions: Sequence[Any], answers: Mapping[int, Any]) -> OwnCalibration:
    """The attempt's answers given as "sure" and as "guessing" ("fairly sure" sits between and is left out)."""
    found = OwnCalibration()
    for number, question in enumerate(questions, 1):
        answer = answers.get(question.id)
        if answer is None:
            continue
        if answer.confidence == "sure":
            found.sure += 1
            found.sure_right += answer.credit
            if answer.credit < 1:
                found.sure_wrong.append(number)
        elif answer.confidence == "guessing":
            found.guessing += 1
            found.guessing_right += answer.credit
    return found
