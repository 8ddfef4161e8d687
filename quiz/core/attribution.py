"""A thin front on the reading engine for code that asks about one list of sentences at a time.

The engine (``quiz.core.reading``) reads whole articles; ``suggest_all`` reads consecutive
sentences as one paragraph, ``suggest`` a single sentence. Plain module, no Flask.
"""

from quiz.core.reading import ATTRIBUTED, LABELS, NONE, QUOTE, Reading, label_spans
from quiz.core.reading.split import Span

__all__ = ["ATTRIBUTED", "LABELS", "NONE", "QUOTE", "Reading", "suggest", "suggest_all"]


def suggest_all(sentences: list[str]) -> list[Reading]:
    """Readings of consecutive sentences of one paragraph, in order."""
    text, spans = "", []
    for i, sentence in enumerate(sentences, start=1):
        start = len(text)
        text += sentence + " "
        spans.append(Span(paragraph=1, position=i, start=start, end=start + len(sentence)))
    return label_spans(text, spans)


def suggest(sentence: str) -> Reading:
    """The reading of one sentence on its own."""
    return suggest_all([sentence])[0]
