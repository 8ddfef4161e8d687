"""Finding a sentence's attribution cues ("said", "according to") and the words that name their source."""

import re
from dataclasses import dataclass

from quiz.core.reading import tables as t

_WORD = re.compile(r"[A-Za-z][A-Za-z’'.-]*[A-Za-z]|[A-Za-z]")
_PHRASES = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(t.PHRASES, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_IDIOMS = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(p) for p in sorted(t.IDIOMS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:—–()\[\]]| - ")
_PREPOSITIONS = {"on", "in", "at", "during", "since", "after", "before", "last", "this", "earlier", "later", "by"}
_REFUSED_AFTER = {"that", "there", "it", "of", "about", "on", "to", "for", "in", "with", "at", "by", "from"}
_MAX_SOURCE_WORDS = 8
_BE = {"is", "are", "was", "were", "be", "been", "am", "'s", "’s"}
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


@dataclass
class _Cue:
    start: int
    end: int
    text: str
    verb: bool
    agent: bool = False


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each quotation in a paragraph, marks included; one left open ends with it."""
    spans, opened, straight = [], None, False
    for i, char in enumerate(text):
        if char == "“" or (char == '"' and opened is None):
            if opened is None:
                opened, straight = i, char == '"'
        elif (char == "”" and opened is not None) or (char == '"' and opened is not None and straight):
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(0, a), min(len(chars), b)):
            chars[i] = " "
    return "".join(chars)


def find_cues(outside: str) -> list[_Cue]:
    """The reporting cues in a sentence whose quotations are blanked out."""
    masked = _mask(outside, [m.span() for m in _IDIOMS.finditer(outside)])
    masked = _mask(masked, [m.span() for m in re.finditer(t.NON_CLAIMS, masked)])
    cues = []
    for match in _PHRASES.finditer(masked):
        if match.group(1).lower() == "according to" and _names_no_source(masked[match.end() :]):
            continue
        verb = not match.group(1).lower().startswith(("according", "in "))
        cues.append(_Cue(match.start(), match.end(), match.group(1), verb=verb))
    taken = [(c.start, c.end) for c in cues]
    for match in _WORD.finditer(masked):
        word = match.group()
        base = t.VERB_BASE.get(word.lower())
        if base is None or any(a <= match.start() < b for a, b in taken):
            continue
        if word[0].isupper() and masked[: match.start()].strip():
            continue  # a capitalised word inside a sentence is a name: "Hope Street", "United States"
        before = masked[: match.start()]
        words_before = before.split()
        previous = words_before[-1].lower().strip(",") if words_before else ""
        if previous in t.DETERMINERS or previous == "to" or t.NEGATIONS.search(before):
            continue
        after = masked[match.end() :]
        if base in t.NEEDS_THAT and not re.match(r"\s+that\b|\s*[,.]", after) and not _data_subject(before):
            continue
        if base == "ask" and after.split()[:1] and after.split()[0].lower() in t.QUESTION_WORDS:
            continue
        if _PASSIVE.search(before) and not re.match(r"\s+(?:by|that)\b", after):
            continue  # "had been forecast", "was reported": no one is given as saying it
        if previous.endswith(",") or (words_before and words_before[-1].endswith(",")):
            if re.match(r"\s+by\b", after):
                cues.append(_Cue(match.start(), match.end(), word, verb=True, agent=True))
                continue  # "The change, announced by the council, ...": the agent after "by" speaks
        if base == "call" and re.match(r"\s+[A-Z]", after) and re.search(r"\b(?:a|an|the)\s+\w+\s+$", before):
            continue  # "a village called Marlow": a name given, not a claim
        if re.match(r"\s+(?:about|up|to|more|[£$€\d])", after) and base in ("add", "write", "report"):
            continue  # "adds about £54", "had written to the company"
        if cues and cues[-1].verb and not re.search(r"(?:,|\band)\s*(?:[\w’'.-]+\s+){0,4}$", before[cues[-1].end :]):
            continue  # a verb inside the reported clause ("said that figures report...") is no cue of its own
        cues.append(_Cue(match.start(), match.end(), word, verb=True))
    return sorted(cues, key=lambda c: c.start)


def _data_subject(before: str) -> bool:
    """Whether the words before a verb name a record and its maker: "figures from the council", "the trust’s audit"."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = re.sub(r"[^\w\s’']", " ", clause).lower().split()[-8:]
    maker = bool(re.search(r"\b(?:by|from)\b|’s\b|'s\b", clause))  # records speak when their maker is named
    return maker and any(w in t.DATA_NOUNS for w in words)


def _names_no_source(after: str) -> bool:
    words = re.match(r"\s*([^,.;:]*)", after).group(1).lower().split()
    return (
        not words
        or " ".join(words[:2]) in t.NOT_SOURCES_AFTER_ACCORDING_TO
        or words[0] in (t.NOT_SOURCES_AFTER_ACCORDING_TO)
    )


def _subject_before(before: str) -> str:
    """The noun phrase that ends just before a cue, past an appositive or a relative clause."""
    before = _CLAUSE_BREAK.split(before)[-1]
    stripped = before.rstrip()
    segments = stripped.split(",")
    if stripped.endswith(",") and len(segments) >= 3:
        # "Its head, Mr. Ola Ade, said" and "Pallister’s lawyer, Simon Reyes, said": a description, then the
        # name; "Maureen Oyelaran, chair of the group, said" and "Dr. Jane Roe, who leads it, said": the name first.
        between = segments[-2].strip()
        ahead = segments[-3].split()
        described = not ahead or ahead[0].lower() in t.DETERMINERS or any(w.endswith(("’s", "'s")) for w in ahead)
        named = described and any(w[:1].isupper() for w in between.split())
        named = named and (between.split()[0].lower() not in t.SUBJECT_STOP)
        segment = between if named else segments[-3]
    else:
        segment = segments[-1]
    words = segment.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in t.SUBJECT_STOP:
            words = words[i + 1 :]
            break
    while words and (words[-1].lower() in t.AUXILIARIES or (words[-1].lower().endswith("ly") and len(words) > 1)):
        words.pop()
    if words and words[0].lower() in _PREPOSITIONS:
        later = [i for i, w in enumerate(words) if i >= 2 and w.lower() in t.DETERMINERS]
        words = words[later[0] :] if later else words[2:]
    return " ".join(words[-_MAX_SOURCE_WORDS:]).strip(" “”\"'")


def _subject_after(after: str, allow_article: bool = True) -> str:
    """The speaker named after a cue: ``…,” said Jane Doe, a spokeswoman.`` → ``Jane Doe``."""
    match = re.match(r"\s*([^,;:“”\"—–()]+)", after)
    words = match.group(1).split() if match else []
    if words and words[-1].endswith(".") and words[-1][:-1] not in t.ABBREVIATED_TITLES:
        words[-1] = words[-1][:-1]
    if not words or words[0].lower() in _REFUSED_AFTER | t.AUXILIARIES:
        return ""
    cut = next((i for i, w in enumerate(words) if w.lower() in t.SUBJECT_STOP), len(words))
    return " ".join(words[: min(cut, _MAX_SOURCE_WORDS)])


def _leading_noun_phrase(text: str) -> str:
    """The subject at the start of a clause: ``The union released a report`` → ``The union``."""
    words, kept = text.split(), []
    for word in words:
        bare = word.strip(",.;:")
        if not bare:
            break
        previous = kept[-1].lower() if kept else ""
        if kept and bare[0].islower() and previous not in t.DETERMINERS and bare.lower() not in ("of", "and"):
            break
        kept.append(bare)
        if word != bare:
            break
    return " ".join(kept[:_MAX_SOURCE_WORDS])


def source_for(outside: str, cues: list[_Cue]) -> tuple[str, str]:
    """The words that name who the cues point at, and which cue named them."""
    for cue in cues:
        if cue.text.lower() == "according to":
            found = _subject_after(outside[cue.end :])
            if found:
                return found, cue.text
    for cue in cues:
        if not cue.verb:
            continue
        if cue.agent:
            found = _subject_after(re.sub(r"^\s+by\b", "", outside[cue.end :]))
            if found:
                return found, cue.text
            continue
        before = outside[: cue.start]
        previous = before.split()[-1].lower() if before.split() else ""
        participle = cue.text.split()[0].lower().endswith("ing")
        if participle and previous not in _BE and not before.rstrip().endswith(","):
            # "Councillors from all parties signed a letter calling for...": the clause's subject speaks
            found = _leading_noun_phrase(_CLAUSE_BREAK.split(before)[-1].split(",")[-1].strip())
        else:
            found = _subject_before(before)
        if not found and participle:
            found = _leading_noun_phrase(outside.strip())
        if not found and not before.strip(" ,“”\"'"):
            found = _subject_after(outside[cue.end :])
        if not found and before.rstrip().endswith(","):
            found = _subject_after(outside[cue.end :])
        if found:
            return found, cue.text
    return "", ""
