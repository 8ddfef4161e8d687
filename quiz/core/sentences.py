"""Split an article into paragraphs and sentences, each sentence with a stable id.

Ids read ``p3s2`` (paragraph 3, sentence 2): questions, evidence and statistics point at them,
and an author can find them by counting. Sentence boundaries come from pysbd, which knows about
abbreviations, decimals and quotations that a regular expression gets wrong.
"""

from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, where it sits and what it says."""

    key: str
    paragraph: int
    position: int
    text: str


def paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text``: split at blank lines when there are any, else at every line break.

    Pasted articles come either with blank lines between paragraphs (and maybe hard-wrapped
    lines inside them) or one paragraph per line, as the bundled article does.
    """
    text = text.strip()
    if not text:
        return []
    if "\n\n" in text:
        blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    else:
        blocks = [" ".join(line.split()) for line in text.split("\n")]
    return [block for block in blocks if block]


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in reading order, with its id."""
    result = []
    for p, paragraph in enumerate(paragraphs(text), start=1):
        pieces = [s.strip() for s in _segmenter().segment(paragraph)]
        for s, piece in enumerate([p for p in pieces if p], start=1):
            result.append(Sentence(key=f"p{p}s{s}", paragraph=p, position=s, text=piece))
    return result


def passage_sentences(passage: str, sentences: list[Sentence]) -> list[Sentence]:
    """The sentences a tag question's passage (``all`` or ``pN``) covers."""
    if passage == "all":
        return list(sentences)
    return [s for s in sentences if f"p{s.paragraph}" == passage]
