"""Split an article into paragraphs and sentences, each sentence with a stable id.

Ids read ``p3s2`` (paragraph 3, sentence 2): questions, evidence and statistics point at them,
and an author can find them by counting. Boundaries come from the reading engine's splitter
(syntok and a post-pass for titles and times, in ``quiz.core.reading.split``). The same text is
split once: the last few results are kept, so a request that checks, previews and saves an
article does not split it again.
"""

from dataclasses import dataclass
from functools import lru_cache

from quiz.core.reading.split import paragraph_spans, sentence_spans


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, where it sits and what it says; ``start``/``end`` index the text."""

    key: str
    paragraph: int
    position: int
    text: str
    start: int = 0
    end: int = 0


def paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text``: split at blank lines when there are any, else at every line break.

    Pasted articles come either with blank lines between paragraphs (and maybe hard-wrapped
    lines inside them) or one paragraph per line, as the bundled article does.
    """
    return [" ".join(text[a:b].split()) for a, b in paragraph_spans(text)]


@lru_cache(maxsize=8)
def _split(text: str) -> tuple[Sentence, ...]:
    return tuple(
        Sentence(
            key=s.key,
            paragraph=s.paragraph,
            position=s.position,
            text=" ".join(text[s.start : s.end].split()),
            start=s.start,
            end=s.end,
        )
        for s in sentence_spans(text)
    )


def split(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in reading order, with its id."""
    return list(_split(text))


def passage_sentences(passage: str, sentences: list[Sentence]) -> list[Sentence]:
    """The sentences a tag question's passage (``all`` or ``pN``) covers."""
    if passage == "all":
        return list(sentences)
    return [s for s in sentences if f"p{s.paragraph}" == passage]
