"""The reading engine: repair a text, split it, and say for each sentence who is given as saying it.

Pure logic, no Flask and no database: ``read`` takes the text and returns the repaired text, the
changes made and one ``ReadSentence`` per sentence with offsets into that text. ``RULES_VERSION``
is stored with an article's reading, so a change of rules (raise it with any change to the
engine or its tables) has the stored readings recomputed.
"""

from dataclasses import asdict, dataclass

from quiz.core import textclean
from quiz.core.reading.attribute import ATTRIBUTED, NONE, QUOTE, Reading, read_paragraph
from quiz.core.reading.split import Span, paragraph_spans, sentence_spans

RULES_VERSION = 1

LABELS = {
    QUOTE: "Direct quote",
    ATTRIBUTED: "Attributed",
    NONE: "No attribution found",
}

__all__ = [
    "ATTRIBUTED",
    "LABELS",
    "NONE",
    "QUOTE",
    "RULES_VERSION",
    "ArticleReading",
    "ReadSentence",
    "Reading",
    "Span",
    "label_spans",
    "paragraph_spans",
    "read",
    "sentence_spans",
]


@dataclass(frozen=True)
class ReadSentence:
    """One sentence with its place in the text and its reading."""

    id: str
    paragraph: int
    position: int
    text: str
    start: int
    end: int
    attribution: str
    source: str | None
    source_span: str | None
    cues: tuple[str, ...]
    carry_over: bool

    @property
    def key(self) -> str:
        return self.id

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("position")
        data["cues"] = list(self.cues)
        return data


@dataclass(frozen=True)
class ArticleReading:
    """A whole text read: the changes the repair made, the repaired text and its sentences."""

    changes: list[textclean.Change]
    text: str
    sentences: list[ReadSentence]

    def as_json(self) -> dict:
        return {
            "changes": [{"at": c.at, "before": c.before, "after": c.after, "context": c.context} for c in self.changes],
            "text": self.text,
            "sentences": [s.as_json() for s in self.sentences],
        }


def label_spans(text: str, spans: list[Span]) -> list[Reading]:
    """The reading of each sentence span of ``text``, paragraph by paragraph, in order."""
    readings: list[Reading] = []
    last_source: str | None = None
    by_paragraph: dict[int, list[Span]] = {}
    for span in spans:
        by_paragraph.setdefault(span.paragraph, []).append(span)
    for paragraph in sorted(by_paragraph):
        found = read_paragraph([(s.start, s.end) for s in by_paragraph[paragraph]], text, last_source)
        for reading in found:
            if (
                reading.source
                and reading.source_span
                and reading.source_span.lower() not in ("he", "she", "they", "it")
            ):
                last_source = reading.source
        readings += found
    return readings


def read(received: str, repair: bool = True) -> ArticleReading:
    """Read a whole article: repair (unless told not to), split, label every sentence."""
    fixed = textclean.repair(received, keep_layout=True) if repair else textclean.Repair(text=received)
    text = fixed.text
    spans = sentence_spans(text)
    sentences = [
        ReadSentence(
            id=span.key,
            paragraph=span.paragraph,
            position=span.position,
            text=" ".join(text[span.start : span.end].split()),
            start=span.start,
            end=span.end,
            attribution=r.attribution,
            source=r.source,
            source_span=r.source_span,
            cues=r.cues,
            carry_over=r.carry_over,
        )
        for span, r in zip(spans, label_spans(text, spans), strict=True)
    ]
    return ArticleReading(changes=fixed.changes, text=text, sentences=sentences)
