"""What students confuse: the category matrix, its mix-ups named in plain words, and the misread sentences.

Everything folds ``(sentence, right category, chosen category, count)`` rows that one GROUP BY made.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from quiz.core import statistics as st
from quiz.core.itemstats import QuestionStats
from quiz.core.taxonomy import CATEGORIES

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

# What to do about each right category when it is misread: the teaching point, in one sentence.
NEXT_STEPS: dict[str, str] = {
    "sourced": "Go over how a claim is attributed (“according to”, “said”, a named report): a checkable claim "
    "with a named source is sourced, whoever makes it.",
    "opinion": "Go over value words (“unfair”, “a disaster”, “should”): a judgement stays an opinion even when "
    "a named official says it.",
    "unsourced": "Go over the writer’s own voice: a checkable statement with no source named is the writer’s "
    "unsourced assertion.",
    "prediction": "Go over forecasts and warnings (“will”, “could”, “is expected to”): they are about what may "
    "happen, not what has happened.",
}


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
                expected=expected,
                chosen=chosen,
                count=n,
                percent=shares[expected][chosen],
                name=confusion_name(expected, chosen),
                next_step=NEXT_STEPS.get(expected, ""),
            )
            for n, expected, chosen in cells[:limit]
        ]


def confusion_name(expected: str, chosen: str) -> str:
    name = CONFUSION_NAMES.get((expected, chosen))
    return name or f"reads “{CATEGORIES.get(expected, expected)}” as “{CATEGORIES.get(chosen, chosen)}”"


def confusion(judgements: Sequence[tuple[str, str, str, int]]) -> Confusion:
    """The matrix of ``(sentence, right, chosen, count)`` rows, every known category a row and a column."""
    categories = list(CATEGORIES)
    for _, expected, chosen, _ in judgements:
        for category in (expected, chosen):
            if category not in categories:
                categories.append(category)
    counts = {row: {col: 0 for col in categories} for row in categories}
    for _, expected, chosen, n in judgements:
        counts[expected][chosen] += n
    return Confusion(categories, counts)


def with_classify(tagged: Sequence[tuple[str, str, str, int]], items: Sequence[QuestionStats]) -> list:
    """Tag judgements plus classify ones, which the per-question choice counts already carry.

    Reading classify answers from their choice counts saves a second pass over the answers.
    """
    counts = Counter({(sentence, expected, chosen): n for sentence, expected, chosen, n in tagged})
    for item in items:
        counts.update(item.judgements)
    return [(*cell, n) for cell, n in sorted(counts.items())]


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
            if not item.judges_sentences:
                reading.answered += item.answers
                reading.wrong += item.answers - item.fully_right
    return dict(readings)


def most_misread(readings: dict[str, SentenceReading], limit: int = 3) -> list[tuple[str, SentenceReading]]:
    """The sentences misread most often, among those with enough readings to tell."""
    ready = [(key, r) for key, r in readings.items() if r.total >= st.MIN_ANSWERS_FOR_FLAGS and r.misread]
    return sorted(ready, key=lambda kr: (-(kr[1].misread or 0), kr[0]))[:limit]


def heat_level(percent: float | None) -> int:
    """0 for no data, then 1-4 from rarely to mostly misread."""
    if percent is None:
        return 0
    return 1 if percent < 10 else 2 if percent < 25 else 3 if percent < 50 else 4
