"""Who says what, sentence by sentence: the label, the source, the words that name it and the cues.

The conventions are a journalism teacher's: every sentence of a quotation is a quote of its
speaker, even one with no quotation mark of its own; a vague source ("critics say") is still a
source; a paraphrase that goes on with the same source's account is attributed, carried over;
a person who is not making a claim ("did not respond to a request for comment") makes no
attribution; quotation marks with no speaker (scare quotes, a title) make no quote.
"""

from dataclasses import dataclass

from quiz.core.reading import tables as t
from quiz.core.reading.cues import _IDIOMS, _mask, find_cues, quotation_spans, source_for

QUOTE, ATTRIBUTED, NONE = "quote", "attributed", "none"


@dataclass(frozen=True)
class Reading:
    """One sentence's attribution: label, resolved source, the words naming it, cues, carried over."""

    attribution: str
    source: str | None = None
    source_span: str | None = None
    cues: tuple[str, ...] = ()
    carry_over: bool = False


def _is_pronoun(words: str) -> bool:
    return words.lower() in t.PRONOUNS


def read_paragraph(sentences: list[tuple[int, int]], text: str, last_source: str | None) -> list[Reading]:
    """Readings of one paragraph's sentences (spans into ``text``), in order.

    ``last_source`` is the most recent named source before the paragraph, for pronouns and for
    quotations and accounts that go on from the paragraph before.
    """
    if not sentences:
        return []
    p_start, p_end = sentences[0][0], sentences[-1][1]
    quotes = [(a + p_start, b + p_start) for a, b in quotation_spans(text[p_start:p_end])]
    found: list[dict] = []
    for a, b in sentences:
        sentence = text[a:b]
        inside = [(max(qa, a) - a, min(qb, b) - a) for qa, qb in quotes if qa < b and a < qb]
        outside = _mask(sentence, inside)
        cues = find_cues(outside)
        span, _ = source_for(outside, cues) if cues else ("", "")
        quoted_words = sum(len(sentence[x:y].split()) for x, y in inside)
        found.append(
            {
                "span": span,
                "cues": cues,
                "inside": inside,
                "quoted_words": quoted_words,
                "quotes": [q for q in quotes if q[0] < b and a < q[1]],
                "text": sentence,
            }
        )
    # Each quotation's speaker: named in one of its sentences, else in the next sentence, else before.
    speakers: dict[tuple[int, int], str] = {}
    for q in quotes:
        members = [i for i, f in enumerate(found) if q in f["quotes"]]
        named = [found[i]["span"] for i in members if found[i]["span"]]
        if named:
            speakers[q] = named[0]
        elif members and members[-1] + 1 < len(found) and len(text[q[0] : q[1]].split()) >= 5:
            after = found[members[-1] + 1]
            if after["span"] and not after["quotes"] and after["cues"]:
                speakers[q] = after["span"]
    readings: list[Reading] = []
    previous: Reading | None = None
    for i, f in enumerate(found):
        cues = tuple(c.text for c in f["cues"])
        span = f["span"] or None
        source = span
        if span and _is_pronoun(span):
            source = last_source
        quotation = next((q for q in f["quotes"] if q in speakers), None)
        real_quote = quotation is not None or (
            f["quotes"] and (f["cues"] or _long_quote(f, text)) and (last_source or f["cues"])
        )
        if real_quote:
            if not source:
                speaker = speakers.get(quotation) if quotation else None
                source = (last_source if speaker and _is_pronoun(speaker) else speaker) or last_source
                reading = Reading(QUOTE, source, None, cues, carry_over=source is not None)
            else:
                reading = Reading(QUOTE, source, span, cues)
        elif f["cues"] and (span or _vague_ok(f)):
            reading = Reading(ATTRIBUTED, source, span, cues)
        elif f["cues"]:
            reading = Reading(ATTRIBUTED, last_source if previous else None, None, cues, carry_over=False)
        elif previous is not None and previous.source and _continues_account(f["text"], previous, same_paragraph=i > 0):
            pronoun = f["text"].split()[0] if f["text"].split()[0].lower() in t.PRONOUNS else None
            reading = Reading(ATTRIBUTED, previous.source, pronoun, (), carry_over=True)
        else:
            reading = Reading(NONE)
        readings.append(reading)
        previous = reading if reading.attribution != NONE else None
        if reading.source and reading.source_span and not _is_pronoun(reading.source_span):
            last_source = reading.source
    return readings


def _long_quote(f: dict, text: str) -> bool:
    """A quotation of a whole sentence or more; shorter marks with no speaker are scare quotes or titles."""
    return any(len(text[a:b].split()) >= 5 for a, b in f["quotes"])


def _vague_ok(f: dict) -> bool:
    return False


def _continues_account(sentence: str, previous: Reading, same_paragraph: bool) -> bool:
    """Whether a sentence with no cue goes on with the previous sentence's source's account."""
    words = sentence.split()
    if not words:
        return False
    if _IDIOMS.search(sentence):
        return False  # "truth be told", "needless to say": the writer speaking
    if t.CARRY_MARKERS.search(sentence):
        return True
    first = words[0].lower()
    if first in ("it", "he", "she", "they") and (" also " in sentence or t.REPORTED_MODALS.search(sentence)):
        return True
    if same_paragraph and " also " in " " + " ".join(words[:6]) + " ":
        return True
    return same_paragraph and previous.attribution == ATTRIBUTED and bool(t.REPORTED_MODALS.search(sentence))
