"""Confidence and calibration: how sure a student said they were, against whether they were right.

Each answer may carry a certainty, "sure", "fairly sure" or "guessing". Certainty-based marking
uses Moodle's scale (after Gardner-Medwin 2006): right earns 1, 2 or 3 for low, medium or high
certainty; wrong earns 0, −2 or −6, so claiming certainty pays only when it is deserved.
"""

from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = {"guessing": "Guessing", "fairly": "Fairly sure", "sure": "Sure"}
# Moodle's certainty-based marking, per level: (mark if right, mark if wrong).
CBM_MARKS = {"guessing": (1, 0), "fairly": (2, -2), "sure": (3, -6)}


def cbm_mark(level: str | None, credit: float) -> float:
    """An answer's certainty-based mark: credit scales the right mark; a wrong answer takes the penalty.

    Partial credit (tag questions) earns its share of the right mark and loses the same share of
    the penalty's opposite; an answer without a level counts as a guess.
    """
    right, wrong = CBM_MARKS.get(level or "guessing", CBM_MARKS["guessing"])
    return credit * right + (1 - credit) * wrong


@dataclass(frozen=True)
class Level:
    level: str
    answers: int
    credit: float

    @property
    def accuracy(self) -> float | None:
        return self.credit / self.answers if self.answers else None


def levels(rows: Iterable[tuple[str | None, int, float]]) -> list[Level]:
    """Accuracy at each level from ``(level, answers, credit summed)`` rows, in LEVELS order."""
    found = {key: [0, 0.0] for key in LEVELS}
    for level, n, credit in rows:
        if level in found:
            found[level][0] += n
            found[level][1] += credit or 0.0
    return [Level(key, n, credit) for key, (n, credit) in found.items()]


def sentence(found: list[Level]) -> str:
    """One plain sentence on calibration: does being sure go with being right?"""
    by = {lv.level: lv for lv in found}
    sure, guess = by["sure"], by["guessing"]
    if not sure.answers and not guess.answers:
        return "No certainty was given yet."
    parts = [f"{LEVELS[lv.level]}: {lv.accuracy:.0%} right of {lv.answers}" for lv in found if lv.answers]
    verdict = ""
    if sure.answers and guess.answers:
        if sure.accuracy > guess.accuracy:
            verdict = " Being sure goes with being right."
        else:
            verdict = " Being sure does not yet go with being right."
    return "; ".join(parts) + "." + verdict


def top_mark(certainty_marking: bool) -> int:
    """The most one question can earn: 3 under certainty-based marking (right and sure), else 1."""
    return CBM_MARKS["sure"][0] if certainty_marking else 1


def points(certainty_marking: bool, credit: float, level: str | None) -> float:
    """What one answer adds to the attempt's score: its credit, or its certainty-based mark."""
    return cbm_mark(level, credit) if certainty_marking else credit
