"""Draft questions from an article's reading, as the spec dicts a question file holds.

Only sentences read with confidence are used (a cue and a named source in the sentence itself);
every explanation points at the evidence words and says only what the text shows: who is given
as saying something, never whether it is true or a policy good. The caller checks each draft with
the bank's own rules (``quiz.core.authoring.check``) and keeps only those that pass.
"""

import re
from typing import Any

from quiz.core.reading import ATTRIBUTED, NONE, QUOTE

WRITER = "The writer of the article, with no source named"
MAX = {"tag": 3, "classify": 3, "source": 3, "mark": 2}
_PHRASE = re.compile(r"[A-Za-z][\w’'-]*(?: [a-z][\w’'-]*){1,2}")


def _confident(s: Any) -> bool:
    span = s.source_span or ""
    return (
        s.attribution in (ATTRIBUTED, QUOTE)
        and bool(s.cues)
        and bool(span)
        and not s.carry_over
        and span.lower() not in ("he", "she", "they", "it", "we", "i")
        and span in s.text
        and len(s.text.split()) >= 8
    )


def _tag(paragraph: int, sentences: list[Any], qid: str) -> dict[str, Any]:
    key = {}
    for s in sentences:
        if s.attribution == NONE:
            key[s.key] = {
                "category": "unsourced",
                "note": "No one is named as saying this; it is in the writer’s own voice.",
            }
        else:
            who = s.source or "a source named nearby"
            how = (
                f"carried on from the sentence before, where {who} is named"
                if s.carry_over
                else f"the text gives {who}"
            )
            key[s.key] = {"category": "sourced", "note": f"Sourced: {how} as the source."}
    return {
        "id": qid,
        "kind": "tag",
        "skill": "classify",
        "difficulty": "medium",
        "passage": f"p{paragraph}",
        "prompt": f"Tag each sentence of paragraph {paragraph}: does the text say who makes the statement?",
        "explanation": "A sentence is sourced when the text says who makes the statement, even with a vague "
        "source; the writer’s own sentences name no one.",
        "key": key,
    }


def _classify(s: Any, qid: str) -> dict[str, Any]:
    cue, who = s.cues[0], s.source_span
    return {
        "id": qid,
        "kind": "classify",
        "skill": "classify",
        "difficulty": "easy",
        "excerpt": s.text,
        "sentences": [s.key],
        "evidence": cue,
        "answer": "sourced",
        "prompt": "What kind of statement is this, going by what the article shows?",
        "explanation": f"The words “{cue}” give {who} as the one making the statement, so the text says who makes it.",
        "feedback": {
            "opinion": f"Look at who makes the statement: “{cue}” gives {who} as its source. Check its wording "
            "for a value judgement before you choose this.",
            "unsourced": f"The writer does not say this alone: “{cue}” gives {who} as the source.",
            "prediction": f"Check the wording: the sentence reports what {who} says, introduced by “{cue}”.",
        },
    }


def _source(s: Any, others: list[str], qid: str) -> dict[str, Any]:
    who = s.source_span
    choices = [{"text": _capital(who), "correct": True, "feedback": f"Yes: “{who}” is named next to “{s.cues[0]}”."}]
    for name in others[:2]:
        choices.append({"text": name, "feedback": f"{name} is named elsewhere in the article, not as the source here."})
    choices.append({"text": WRITER, "feedback": f"The sentence names its source: “{who}”, next to “{s.cues[0]}”."})
    return {
        "id": qid,
        "kind": "choice",
        "skill": "source",
        "difficulty": "medium",
        "excerpt": s.text,
        "sentences": [s.key],
        "evidence": who,
        "choices": choices,
        "prompt": "Who does the article give as the source of this statement?",
        "explanation": f"The words “{who}” name who makes the statement, next to the cue “{s.cues[0]}”.",
    }


def _evidence_span(s: Any) -> tuple[str, list[str]] | None:
    """The words naming the source and the cue, as one span of the sentence, and those two parts."""
    cue, who = s.cues[0], s.source_span or ""
    a, c = s.text.find(who), s.text.find(cue)
    if a < 0 or c < 0:
        return None
    start, end = min(a, c), max(a + len(who), c + len(cue))
    gap = s.text[min(a + len(who), c + len(cue)) : max(a, c)]
    if len(gap.split()) > 2 or (a < c + len(cue) and c < a + len(who)):
        return None  # source and cue far apart (or overlapping): no short span holds both
    return s.text[start:end].strip(" ,"), [who, cue]


def _mark(s: Any, qid: str) -> dict[str, Any] | None:
    found = _evidence_span(s)
    if found is None:
        return None
    evidence, parts = found
    at = s.text.find(evidence)
    others = []
    for match in _PHRASE.finditer(s.text):
        if match.end() <= at or match.start() >= at + len(evidence):
            if match.group() not in others:
                others.append(match.group())
    if len(others) < 2:
        return None
    choices = [{"text": evidence, "correct": True, "feedback": f"Yes: “{evidence}” names the source and the cue."}]
    choices += [
        {"text": p, "feedback": f"“{p}” is part of what is reported, not the words that say who reports it."}
        for p in (others[0], others[-1])
    ]
    return {
        "id": qid,
        "kind": "mark",
        "skill": "cue",
        "difficulty": "medium",
        "excerpt": s.text,
        "sentences": [s.key],
        "evidence": evidence,
        "parts": parts,
        "choices": choices,
        "prompt": "Mark the words that show who makes this statement and that it is reported.",
        "explanation": f"“{evidence}” is the evidence: “{parts[0]}” names the source and “{parts[1]}” is the cue "
        "that reports the statement.",
    }


def _other_names(names: list[str], s: Any) -> list[str]:
    """Names in the article of other people or bodies than this sentence's source, one each, as distractors.

    Names sharing a word are taken for the same one ("Quint", "Superintendent Rosa Quint").
    """
    taken = set((s.source_span or "").lower().split()) | set((s.source or "").lower().split())
    common = {"the", "a", "an", "of", "and", "for"}
    others = []
    for name in names:
        words = set(name.lower().split()) - common
        if words and not words & taken and name not in s.text and _proper(name):
            others.append(name)
            taken |= words
    return others


def _proper(name: str) -> bool:
    """A name of its own ("Westmere Water", "Dr. Jane Roe"), not a description ("the company") that may be the same."""
    words = name.split()
    return words[0].lower() not in ("the", "a", "an", "its", "his", "her", "their") and words[0][:1].isupper()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def draft(slug: str, sentences: list[Any], first_number: int = 1) -> list[dict[str, Any]]:
    """Question specs drafted from read sentences (objects with ``key``, ``paragraph``, ``text``
    and the reading's fields), numbered ``<slug>-q<n>`` from ``first_number``."""
    numbers = iter(range(first_number, first_number + 1000))
    stem = slug[:50].rstrip("-")
    new_id = lambda: f"{stem}-q{next(numbers)}"  # noqa: E731
    specs: list[dict[str, Any]] = []
    paragraphs: dict[int, list[Any]] = {}
    for s in sentences:
        paragraphs.setdefault(s.paragraph, []).append(s)
    mixed = [
        p for p, group in paragraphs.items() if len(group) >= 2 and len({x.attribution == NONE for x in group}) == 2
    ]
    for p in (mixed or [p for p, g in paragraphs.items() if len(g) >= 2])[: MAX["tag"]]:
        specs.append(_tag(p, paragraphs[p], new_id()))
    confident = [s for s in sentences if _confident(s)]
    names = list(dict.fromkeys(s.source_span for s in confident))
    for s in [s for s in confident if s.attribution == ATTRIBUTED][: MAX["classify"]]:
        specs.append(_classify(s, new_id()))
    for s in confident[::-1][: MAX["source"]]:
        specs.append(_source(s, _other_names(names, s), new_id()))
    for s in confident[1::2][: MAX["mark"]]:
        spec = _mark(s, "")
        if spec:
            specs.append({**spec, "id": new_id()})
    return specs
