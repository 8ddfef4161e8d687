"""The kinds of question: each knows how it is shown, read from a form, graded and explained.

A kind is one class in ``KINDS``; a new kind adds a class here and two templates in
``templates/kinds/`` (``<kind>.html`` to answer, ``<kind>_result.html`` to explain), nothing else.
Grading reads plain attributes, so it runs on database rows and test doubles alike.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .taxonomy import CATEGORIES

# Marked words count as right when both halves of this rule hold; the result page states it.
MARK_RULE = (
    "Your marking counts as right when at least three quarters of the words you marked are key words "
    "and you marked at least half of the key words, so marking everything does not score."
)
MARK_PRECISION = 0.75
MARK_RECALL = 0.5


class Tampered(ValueError):
    """A submitted value that no honest form could have sent: a 400, never a score."""


@dataclass
class Graded:
    """The outcome of one answer, ready to be stored."""

    credit: float
    correct: bool
    choice_id: int | None = None
    response: Any = None
    # (sentence key, right category, chosen category) for every categorised sentence.
    judgements: list[tuple[str, str, str]] = field(default_factory=list)


def field_name(question: Any, part: str = "") -> str:
    return f"q{question.id}" + (f"-{part}" if part else "")


def _single(form: Mapping[str, Any], name: str) -> str | None:
    values = form.getlist(name) if hasattr(form, "getlist") else [form[name]] if name in form else []
    if len(values) > 1:
        raise Tampered(f"{name} was sent {len(values)} times")
    value = values[0] if values else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _choice_from(question: Any, value: str | None) -> Any:
    if value is None:
        return None
    if not value.isdigit() or len(value) > 12:
        raise Tampered(f"{value[:40]!r} is not a choice")
    choice = next((c for c in question.choices if c.id == int(value)), None)
    if choice is None:
        raise Tampered(f"choice {value} does not belong to this question")
    return choice


class ChoiceKind:
    """Multiple choice with exactly one right answer."""

    name = "choice"
    label = "Multiple choice"

    def parse(self, question: Any, form: Mapping[str, Any]) -> Any:
        return _choice_from(question, _single(form, field_name(question)))

    def grade(self, question: Any, choice: Any) -> Graded:
        return Graded(credit=float(choice.correct), correct=choice.correct, choice_id=choice.id)

    def max_points(self, question: Any) -> int:
        return 1


class ClassifyKind(ChoiceKind):
    """Say what kind of statement an excerpt is; each choice is a category."""

    name = "classify"
    label = "Classify the statement"

    def grade(self, question: Any, choice: Any) -> Graded:
        graded = super().grade(question, choice)
        sentence = question.sentence_keys[0] if question.sentence_keys else ""
        graded.judgements = [(sentence, question.correct_choice.category, choice.category)]
        return graded


_WORD = re.compile(r"[\w’'%$.,-]*\w[\w’'%$-]*")


def words(text: str) -> list[tuple[int, int]]:
    """Start and end of each selectable word, trailing commas and full stops left out."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def key_words(excerpt: str, span: str) -> set[int]:
    """Indices of the excerpt's words that fall inside ``span`` (its first occurrence)."""
    start = excerpt.find(span)
    if start < 0:
        return set()
    end = start + len(span)
    return {i for i, (a, b) in enumerate(words(excerpt)) if a < end and start < b}


class MarkKind:
    """Select the words that show who makes a claim; without JavaScript, pick the phrase."""

    name = "mark"
    label = "Mark the evidence"
    rule = MARK_RULE

    def parse(self, question: Any, form: Mapping[str, Any]) -> Any:
        marked = _single(form, field_name(question, "words"))
        if marked is not None:
            count = len(words(question.excerpt))
            parts = marked.replace(",", " ").split()
            if len(parts) > count or not all(p.isdigit() and int(p) < count for p in parts):
                raise Tampered("marked words outside the excerpt")
            return sorted({int(p) for p in parts}) or None
        choice = _choice_from(question, _single(form, field_name(question)))
        return None if choice is None else choice

    def grade(self, question: Any, response: Any) -> Graded:
        choice_id = None
        if not isinstance(response, list):
            choice_id = response.id
            response = sorted(key_words(question.excerpt, response.text))
        key = key_words(question.excerpt, question.evidence)
        marked = set(response)
        hits = len(marked & key)
        right = bool(marked) and bool(key) and hits / len(marked) >= MARK_PRECISION and hits / len(key) >= MARK_RECALL
        return Graded(credit=float(right), correct=right, choice_id=choice_id, response=response)

    def max_points(self, question: Any) -> int:
        return 1


class TagKind:
    """Tag every sentence of a passage with a category; each sentence earns its share."""

    name = "tag"
    label = "Tag the article"

    def parse(self, question: Any, form: Mapping[str, Any]) -> Any:
        tags = {}
        for key in question.data["key"]:
            value = _single(form, field_name(question, key))
            if value is None:
                return None
            if value not in CATEGORIES:
                raise Tampered(f"{value[:40]!r} is not a category")
            tags[key] = value
        return tags

    def grade(self, question: Any, tags: dict[str, str]) -> Graded:
        key = question.data["key"]
        judgements = [(k, key[k]["category"], tags[k]) for k in key]
        right = sum(expected == chosen for _, expected, chosen in judgements)
        credit = right / len(key)
        return Graded(credit=credit, correct=right == len(key), response=tags, judgements=judgements)

    def max_points(self, question: Any) -> int:
        return 1


KINDS: dict[str, Any] = {kind.name: kind for kind in (ChoiceKind(), ClassifyKind(), MarkKind(), TagKind())}


def word_parts(text: str) -> list[tuple[str, int | None]]:
    """The text cut into selectable words (with their index) and the gaps between them."""
    parts: list[tuple[str, int | None]] = []
    last = 0
    for index, (start, end) in enumerate(words(text)):
        if start > last:
            parts.append((text[last:start], None))
        parts.append((text[start:end], index))
        last = end
    if last < len(text):
        parts.append((text[last:], None))
    return parts


def mark_key(question: Any) -> set[int]:
    return key_words(question.excerpt, question.evidence)
