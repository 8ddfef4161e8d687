"""Multiple choice not yet tied to an excerpt: how questions from other tools (Moodle's GIFT) arrive.

A question written elsewhere has no excerpt, evidence or sentences, so it cannot be a ``choice``
question yet. It comes in as ``general``: answered and graded like multiple choice, its wrong
choices' feedback and its explanation optional, and listed for a teacher to attach an excerpt
(by changing it to multiple choice in the editor).
"""

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from quiz.core.kinds.choice import ChoiceKind
from quiz.core.specs import ChoiceSpec, QuestionSpecBase


class GeneralKind(ChoiceKind):
    """Multiple choice on the article as a whole, with no excerpt yet."""

    name = "general"
    label = "Multiple choice, no excerpt yet"
    quotes_excerpt = False
    awaits_excerpt = True

    class Spec(QuestionSpecBase):
        kind: Literal["general"]
        explanation: Annotated[str, Field(max_length=5000)] = ""
        choices: Annotated[list[ChoiceSpec], Field(min_length=2, max_length=6)]

        @field_validator("choices")
        @classmethod
        def _one_correct(cls, choices: list[ChoiceSpec]) -> list[ChoiceSpec]:
            right = sum(c.correct for c in choices)
            if right != 1:
                raise ValueError(f"exactly one choice must be correct, found {right}")
            texts = [c.text for c in choices]
            if len(set(texts)) != len(texts):
                raise ValueError("two choices have the same text")
            return choices

    def export(self, question: Any) -> dict[str, Any]:
        return {"choices": super().export(question)["choices"]}

    def spec_from_form(self, form: Any) -> dict[str, Any]:
        return {"choices": super().spec_from_form(form)["choices"]}
