"""The kinds of question: each knows how it is written, shown, read from a form, graded and explained.

A kind is one class in ``KINDS``: its ``Spec`` (the fields a question file or form gives), how it is
stored (``choice_rows``, ``data``), what it checks against the article (``check``), how a
submission is read (``parse``) and graded (``grade``); and two templates in ``templates/kinds/``
(``<kind>.html`` to answer, ``<kind>_result.html`` to explain). A new kind touches nothing else.
Grading reads plain attributes, so it runs on database rows and test doubles alike.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quiz.core.sentences import passage_sentences
from quiz.core.specs import Category, ChoicesSpec, QuestionSpecBase, QuotedSpec, Strict, Text
from quiz.core.taxonomy import CATEGORIES

Problems = list[tuple[tuple[Any, ...], str]]

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
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise Tampered(f"{value[:40]!r} is not a choice")
    choice = next((c for c in question.choices if c.id == int(value)), None)
    if choice is None:
        raise Tampered(f"choice {value} does not belong to this question")
    return choice


class ChoiceKind:
    """Multiple choice with exactly one right answer."""

    name = "choice"
    label = "Multiple choice"

    class Spec(ChoicesSpec):
        kind: Literal["choice"]

    def choice_rows(self, spec: Any) -> list[dict[str, Any]]:
        return [{"text": c.text, "correct": c.correct, "feedback": c.feedback} for c in spec.choices]

    def data(self, spec: Any) -> dict[str, Any]:
        return {}

    def check(self, spec: Any, sentences: list[Any]) -> Problems:
        return []

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

    class Spec(QuotedSpec):
        kind: Literal["classify"]
        answer: Category
        feedback: dict[Category, Text]

        @model_validator(mode="after")
        def _feedback_for_every_wrong_category(self) -> "ClassifyKind.Spec":
            missing = [c for c in CATEGORIES if c != self.answer and c not in self.feedback]
            if missing:
                raise ValueError(f"feedback is missing for the wrong categories: {', '.join(missing)}")
            return self

    def choice_rows(self, spec: Any) -> list[dict[str, Any]]:
        return [
            {"text": label, "category": cat, "correct": cat == spec.answer, "feedback": spec.feedback.get(cat, "")}
            for cat, label in CATEGORIES.items()
        ]

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


class MarkKind(ChoiceKind):
    """Select the words that show who makes a claim; without JavaScript, pick the phrase."""

    name = "mark"
    label = "Mark the evidence"
    rule = MARK_RULE

    class Spec(ChoicesSpec):
        kind: Literal["mark"]

    def check(self, spec: Any, sentences: list[Any]) -> Problems:
        """The phrases come from the excerpt, the right one is the key, and the key is short."""
        problems: Problems = []
        if 2 * len(key_words(spec.excerpt, spec.evidence)) >= len(words(spec.excerpt)):
            problems.append((("evidence",), "the key words must be under half of the excerpt's words"))
        for j, choice in enumerate(spec.choices):
            if choice.text not in spec.excerpt:
                problems.append((("choices", j, "text"), "not found word for word in the excerpt"))
        if next(c for c in spec.choices if c.correct).text != spec.evidence:
            problems.append((("choices",), "the correct phrase must be the evidence words"))
        return problems

    def parse(self, question: Any, form: Mapping[str, Any]) -> Any:
        marked = _single(form, field_name(question, "words"))
        if marked is not None:
            count = len(words(question.excerpt))
            parts = marked.replace(",", " ").split()
            if len(parts) > count or not all(p.isascii() and p.isdigit() and int(p) < count for p in parts):
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


class TagNote(Strict):
    category: Category
    note: Text


class TagKind:
    """Tag every sentence of a passage with a category; each sentence earns its share."""

    name = "tag"
    label = "Tag the article"

    class Spec(QuestionSpecBase):
        kind: Literal["tag"]
        passage: Annotated[str, Field(pattern=r"^(all|p[1-9][0-9]*)$")]
        key: dict[str, TagNote]

        @model_validator(mode="after")
        def _sentences_default_to_the_key(self) -> "TagKind.Spec":
            if not self.sentences:
                self.sentences = list(self.key)
            return self

    def choice_rows(self, spec: Any) -> list[dict[str, Any]]:
        return []

    def data(self, spec: Any) -> dict[str, Any]:
        return {"passage": spec.passage, "key": {k: v.model_dump() for k, v in spec.key.items()}}

    def check(self, spec: Any, sentences: list[Any]) -> Problems:
        """Every sentence of the passage gets a tag, and nothing outside it."""
        passage = passage_sentences(spec.passage, sentences)
        if not passage:
            return [(("passage",), f"no paragraph {spec.passage!r} in the article")]
        wanted = [s.key for s in passage]
        problems: Problems = []
        if missing := [k for k in wanted if k not in spec.key]:
            problems.append((("key",), f"every sentence of the passage needs a tag: missing {', '.join(missing)}"))
        if extra := [k for k in spec.key if k not in wanted]:
            problems.append((("key",), f"not sentences of the passage: {', '.join(extra)}"))
        return problems

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
