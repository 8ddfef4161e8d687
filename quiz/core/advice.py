"""What a teacher can act on: who makes each mix-up, and who leans towards doubting or believing.

Pure folding of per-student judgement counts (one row per student and category pair, from one
GROUP BY) into the names a summary lists beside each mix-up and each leaning.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from quiz.core import discernment as sd

# A student "makes" a mix-up when it takes at least this share of their sentences of that right
# category, and happened at least ``MIN_MIXUPS`` times: one slip is not a habit.
MIXUP_SHARE = 0.5
MIN_MIXUPS = 2


def makes(cells: Iterable[tuple[str, str, int]], expected: str, chosen: str) -> bool:
    """Whether one reader's judgements show the mix-up (expected read as chosen) as a habit."""
    row = wrong = 0
    for right, picked, n in cells:
        if right == expected:
            row += n
            wrong += n if picked == chosen else 0
    return wrong >= MIN_MIXUPS and wrong >= MIXUP_SHARE * row


@dataclass
class ReaderProfile:
    """One student's discernment and bias on the two distinctions the quiz teaches."""

    name: str
    classroom_id: int | None
    sourced: sd.Detection
    opinion: sd.Detection
    cells: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def leaning(self) -> str | None:
        return self.sourced.leaning


def profiles(readers: Sequence[Any]) -> list[ReaderProfile]:
    """Each reader's (``name``, ``classroom_id``, ``cells``) as discernment and bias."""
    return [
        ReaderProfile(
            r.name, r.classroom_id, sd.detection("sourced", r.cells), sd.detection("opinion", r.cells), list(r.cells)
        )
        for r in readers
    ]


def who_makes(people: Sequence[ReaderProfile], expected: str, chosen: str) -> list[ReaderProfile]:
    return [p for p in people if makes(p.cells, expected, chosen)]


def leaning(people: Sequence[ReaderProfile], which: str) -> list[ReaderProfile]:
    return [p for p in people if p.leaning == which]
