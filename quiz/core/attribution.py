"""A first reading of who says what: for each sentence, a suggestion of how it is attributed.

A suggestion, never a verdict: it looks for quotation marks and for the cue words reporters use
("said", "according to", "warned") and takes the words next to the cue as the source. It helps a
teacher spot the sentences worth a question; the teacher decides. Plain module, no Flask.
"""

import re
from dataclasses import dataclass, field

QUOTE = "quote"
PARAPHRASE = "paraphrase"
NONE = "none"

LABELS = {
    QUOTE: "Direct quote",
    PARAPHRASE: "Attributed paraphrase",
    NONE: "No attribution found",
}

# Verbs and phrases that report speech or writing. Longer phrases first so they win over their parts.
_CUES = [
    "according to",
    "raised the alarm",
    "in a statement",
    "in a letter",
    "called for",
    "told reporters",
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "stated",
    "warned",
    "warns",
    "warning",
    "warn",
    "claimed",
    "claims",
    "claim",
    "argued",
    "argues",
    "added",
    "adding",
    "noted",
    "notes",
    "reported",
    "announced",
    "announces",
    "explained",
    "wrote",
    "writes",
    "estimated",
    "insisted",
    "insists",
    "suggested",
    "alleged",
    "alleges",
    "acknowledged",
    "confirmed",
    "denied",
    "testified",
    "predicted",
    "accused",
    "accuses",
    "called",
    "highlighted",
    "urged",
    "urging",
    "believes",
    "contends",
    "maintained",
]
_CUE = re.compile(r"\b(" + "|".join(re.escape(c) for c in _CUES) + r")\b", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"]([^”\"]*\w[^”\"]*)[”\"]?")
_AUXILIARIES = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "also", "then", "later"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\b(?:that|and|but|as|while|since|after|before|when|which|who)\b", re.IGNORECASE)
_MAX_SOURCE_WORDS = 8


@dataclass(frozen=True)
class Suggestion:
    """How one sentence seems to be attributed, with the words that suggest it."""

    kind: str
    source: str = ""
    cues: tuple[str, ...] = ()
    quoted: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def _source_before(before: str) -> str:
    """The noun phrase that ends just before a cue: ``Since January 20, ICE`` → ``ICE``."""
    pieces = _CLAUSE_BREAK.split(before)
    words = (pieces[-1] if pieces else before).split()
    while words and (words[-1].lower() in _AUXILIARIES or words[-1].lower().endswith("ly")):
        words.pop()
    words = words[-_MAX_SOURCE_WORDS:]
    return " ".join(words).strip(" “”\"'")


def _source_after(after: str, allow_article: bool = False) -> str:
    """The speaker named after a cue: ``…,” said Jane Doe, a spokeswoman.`` → ``Jane Doe``."""
    match = re.match(r"\s*([^,.;:“”\"]+)", after)
    words = match.group(1).split() if match else []
    refused = {"that", "there", "it"} | _AUXILIARIES | (set() if allow_article else {"the", "a", "an"})
    if not words or words[0].lower() in refused:
        return ""
    return " ".join(words[:_MAX_SOURCE_WORDS])


def _source_for(sentence: str, cue: re.Match[str]) -> str:
    """Who the cue points at: the words before it (``DHS said``), else after it (``said Jane Doe``)."""
    after = sentence[cue.end() :]
    if cue.group(1).lower() == "according to":
        return _source_after(after, allow_article=True)
    return _source_before(sentence[: cue.start()]) or _source_after(after)


def suggest(sentence: str, previous: Suggestion | None = None) -> Suggestion:
    """Suggest how ``sentence`` is attributed; ``previous`` lets a quote inherit its speaker."""
    quoted = tuple(q.strip() for q in _QUOTED.findall(sentence) if q.strip())
    cues = tuple(m.group(1) for m in _CUE.finditer(sentence))
    first = _CUE.search(sentence)
    source = _source_for(sentence, first) if first else ""
    notes: list[str] = []
    earlier = previous.source if previous else ""
    if source.lower() in _PRONOUNS and earlier:
        notes.append(f"“{source}” seems to be {earlier}, named in the sentence before.")
        source = earlier
    if quoted:
        if not source and earlier:
            notes.append(f"No speaker in this sentence; it seems to continue the quote of {earlier}.")
            source = earlier
        return Suggestion(QUOTE, source, cues, quoted, tuple(notes))
    if first:
        return Suggestion(PARAPHRASE, source, cues, (), tuple(notes))
    if previous is not None and previous.kind != NONE:
        notes.append("The sentence before is attributed; check whether this one carries that attribution on.")
    return Suggestion(NONE, "", (), (), tuple(notes))


def suggest_all(sentences: list[str]) -> list[Suggestion]:
    """Suggestions for consecutive sentences of one paragraph or article, in order."""
    result: list[Suggestion] = []
    for text in sentences:
        result.append(suggest(text, result[-1] if result else None))
    return result
