"""Mark the evidence: select the words that show who makes a claim and that they make it.

The evidence is one span of the excerpt, made of parts (by default the whole span is one part;
a cue question names two: the source, "DHS", and its cue, "said"). A marking is right when it
touches every part (or, with no parts named, half the evidence's words) and three quarters of the
marked words are evidence words: so the span an
explanation names always scores, a source without its cue (or a cue without its source) never
does, and marking everything never does either, because the key is under half the excerpt.
Without JavaScript the student picks one of the listed phrases, graded by the same rule.
"""

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from quiz.core.kinds.base import Graded, Problems, Tampered, choice_from, field_name, key_words, single, words
from quiz.core.kinds.choice import ChoiceKind
from quiz.core.specs import ChoicesSpec, Text

MARK_RULE = (
    "Your marking counts as right when it includes at least one word of each part of the evidence "
    "(who makes the claim, and the word that says they make it) and at least three quarters of the words "
    "you marked are evidence words. A source without its cue, or a cue without its source, does not count."
)
MARK_PRECISION = 0.75
# Evidence not split into parts needs at least half of its words marked.
MARK_RECALL = 0.5


def stated_parts(question: Any) -> list[str]:
    """The parts the question names (a spec's ``parts`` or a stored row's ``data``), if any."""
    data = getattr(question, "data", None)
    parts = data.get("parts") if isinstance(data, dict) else getattr(question, "parts", None)
    return list(parts or [])


def evidence_parts(question: Any) -> list[str]:
    """The parts a right marking must touch: the stated parts, else the whole evidence."""
    return stated_parts(question) or [question.evidence]


def part_words(question: Any) -> list[set[int]]:
    """The excerpt's word indices of each part, found inside the evidence span."""
    start = question.excerpt.find(question.evidence)
    spans = words(question.excerpt)
    found = []
    for part in evidence_parts(question):
        at = question.evidence.find(part)
        if start < 0 or at < 0:
            found.append(set())
            continue
        a, b = start + at, start + at + len(part)
        found.append({i for i, (x, y) in enumerate(spans) if x < b and a < y})
    return found


def marking_is_right(question: Any, marked: set[int]) -> bool:
    """The rule in ``MARK_RULE``, on the indices of the marked words."""
    key = key_words(question.excerpt, question.evidence)
    if not marked or not key:
        return False
    if len(marked & key) / len(marked) < MARK_PRECISION:
        return False
    if not stated_parts(question):
        return len(marked & key) / len(key) >= MARK_RECALL
    return all(marked & part for part in part_words(question))


class MarkKind(ChoiceKind):
    """Select the words that show who makes a claim; without JavaScript, pick the phrase."""

    name = "mark"
    label = "Mark the evidence"
    rule = MARK_RULE
    counts_choices = False
    gift_true_false = False

    class Spec(ChoicesSpec):
        kind: Literal["mark"]
        parts: list[Text] = Field(default_factory=list)

    def data(self, spec: Any) -> dict[str, Any]:
        return {"parts": list(spec.parts)} if spec.parts else {}

    def check(self, spec: Any, sentences: list[Any]) -> Problems:
        """The phrases come from the excerpt, the right one is the key, the key is short, the parts are in it."""
        problems: Problems = []
        if 2 * len(key_words(spec.excerpt, spec.evidence)) >= len(words(spec.excerpt)):
            problems.append((("evidence",), "the key words must be under half of the excerpt's words"))
        for j, choice in enumerate(spec.choices):
            if choice.text not in spec.excerpt:
                problems.append((("choices", j, "text"), "not found word for word in the excerpt"))
        if next(c for c in spec.choices if c.correct).text != spec.evidence:
            problems.append((("choices",), "the correct phrase must be the evidence words"))
        for j, part in enumerate(spec.parts):
            if part not in spec.evidence:
                problems.append((("parts", j), "not found word for word inside the evidence"))
        return problems

    def export(self, question: Any) -> dict[str, Any]:
        spec = super().export(question)
        if parts := (question.data or {}).get("parts"):
            spec["parts"] = list(parts)
        return spec

    def parse(self, question: Any, form: Mapping[str, Any]) -> Any:
        marked = single(form, field_name(question, "words"))
        if marked is not None:
            count = len(words(question.excerpt))
            parts = marked.replace(",", " ").split()
            if len(parts) > count or not all(p.isascii() and p.isdigit() and int(p) < count for p in parts):
                raise Tampered("marked words outside the excerpt")
            return sorted({int(p) for p in parts}) or None
        choice = choice_from(question, single(form, field_name(question)))
        return None if choice is None else choice

    def grade(self, question: Any, response: Any) -> Graded:
        choice_id = None
        if not isinstance(response, list):
            choice_id = response.id
            response = sorted(key_words(question.excerpt, response.text))
        right = marking_is_right(question, set(response))
        return Graded(credit=float(right), correct=right, choice_id=choice_id, response=response)

    def form_fields(self, question: Any, answer: Any) -> dict[str, str]:
        """A listed phrase (a choice) as the no-JavaScript form sends it, or marked word indices as the script does."""
        if isinstance(answer, list | set | tuple):
            return {field_name(question, "words"): " ".join(str(i) for i in sorted(answer))}
        return super().form_fields(question, answer)

    def stored_model_answer(self, question: Any) -> tuple[Any, Any]:
        return None, sorted(key_words(question.excerpt, question.evidence))

    def response_text(self, response: Any, excerpt: str = "") -> str:
        """The marked words themselves."""
        if not isinstance(response, list):
            return ""
        spans = words(excerpt)
        return " ".join(excerpt[spans[i][0] : spans[i][1]] for i in response if 0 <= i < len(spans))
