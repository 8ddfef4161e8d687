"""Mark-the-evidence answers word by word: how many students marked each word of the excerpt."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quiz.core.kinds import key_words, word_parts
from quiz.core.kinds.mark import MarkKind


def marks_words(kind: Any) -> bool:
    """Whether a kind's answers are words marked in the excerpt (so a word-level view fits them)."""
    return isinstance(kind, MarkKind)


@dataclass(frozen=True)
class MarkedWord:
    text: str
    index: int | None  # None for the spaces and punctuation between words
    count: int = 0
    key: bool = False


@dataclass
class WordView:
    answers: int
    words: list[MarkedWord]

    def percent(self, count: int) -> float | None:
        return 100 * count / self.answers if self.answers else None


def word_view(excerpt: str, evidence: str, markings: Iterable[tuple[Any, int]]) -> WordView:
    """The excerpt cut into words, each with how many answers marked it; ``markings`` are (words, answers).

    ``markings`` come from one GROUP BY over the answers' stored word lists, so equal markings
    arrive once with their count.
    """
    counts: dict[int, int] = {}
    answers = 0
    for marked, n in markings:
        if isinstance(marked, str):
            marked = json.loads(marked)
        if not isinstance(marked, list):
            continue
        answers += n
        for index in set(marked):
            if isinstance(index, int):
                counts[index] = counts.get(index, 0) + n
    key = key_words(excerpt, evidence)
    return WordView(
        answers,
        [
            MarkedWord(text, index, counts.get(index, 0) if index is not None else 0, index in key)
            for text, index in word_parts(excerpt)
        ],
    )
