"""Paragraphs and sentences with their offsets in the text: syntok, then a post-pass of our own.

syntok splits a quotation's sentences apart (the boundaries pysbd merges). Two things it gets
wrong in news text are put right after it, from the tables: a title's full stop (``Gov.``,
``Sgt.``) ends no sentence, and a time (``9 a.m.``) ends one unless a day, a month, a time zone
or a small letter follows it.
"""

import re
from dataclasses import dataclass

import syntok.segmenter as segmenter

from quiz.core.reading.tables import ABBREVIATED_TITLES, TIME_ABBREVIATIONS, TIME_FOLLOWERS


@dataclass(frozen=True)
class Span:
    """One sentence: its paragraph and position (from 1) and where it sits in the text."""

    paragraph: int
    position: int
    start: int
    end: int

    @property
    def key(self) -> str:
        return f"p{self.paragraph}s{self.position}"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each paragraph: split at blank lines when there are any, else at every line break."""
    blank_lines = re.search(r"\n[ \t]*\n", text.strip())  # ones at either end separate nothing
    breaks = re.compile(r"\n[ \t]*\n\s*" if blank_lines else r"\n\s*")
    spans, start = [], 0
    for match in breaks.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for a, b in spans:
        block = text[a:b]
        if block.strip():
            a += len(block) - len(block.lstrip())
            b -= len(block) - len(block.rstrip())
            result.append((a, b))
    return result


_TIME_THEN_WORD = re.compile(r"\b(?:[ap]\.m\.|[AP]\.M\.)\s+(?=([A-Z][a-z]*)\b)")


def _sentence_ends(block: str) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph, offsets relative to it."""
    spans = []
    for paragraph in segmenter.analyze(block):
        for sentence in paragraph:
            tokens = [t for t in sentence if t.value]
            if tokens:
                spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and _continues(block[merged[-1][0] : merged[-1][1]], block[a:b]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    result = []
    for a, b in merged:
        cut = a
        for match in _TIME_THEN_WORD.finditer(block, a, b):
            if match.group(1) not in TIME_FOLLOWERS:
                result.append((cut, match.end() - len(match.group()) + len(match.group().rstrip())))
                cut = match.end()
        result.append((cut, b))
    return result


def _continues(before: str, after: str) -> bool:
    """Whether syntok's boundary between two pieces is false: a title, or a time before a day or a zone."""
    last = before.rsplit(None, 1)[-1] if before.strip() else ""
    if last.endswith(".") and last[:-1] in ABBREVIATED_TITLES and after[:1].isupper():
        return True
    first = after.split(None, 1)[0] if after.strip() else ""
    # After a time a new sentence starts unless a day, a month or a time zone follows, or a small letter.
    return last in TIME_ABBREVIATIONS and (not first[:1].isupper() or first.strip('“"(,') in TIME_FOLLOWERS)


def sentence_spans(text: str) -> list[Span]:
    """Every sentence of ``text`` in reading order, with its place in the text."""
    result = []
    for p, (a, b) in enumerate(paragraph_spans(text), start=1):
        for s, (x, y) in enumerate(_sentence_ends(text[a:b]), start=1):
            result.append(Span(paragraph=p, position=s, start=a + x, end=a + y))
    return result
