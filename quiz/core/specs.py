"""The parts of a question as a file or a form gives them, checked field by field.

Each kind of question in ``kinds`` builds its own model from these, so the rules for a field are
written once and every way in (YAML, GIFT, the browser) obeys them.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from quiz.core.taxonomy import CATEGORIES, DIFFICULTIES, SKILLS

QUESTION_ID = r"^[a-z0-9][a-z0-9-]{2,63}$"

Skill = Literal[tuple(SKILLS)]  # type: ignore[valid-type]
Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]
Difficulty = Literal[DIFFICULTIES]  # type: ignore[valid-type]
Text = Annotated[str, Field(min_length=1, max_length=5000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChoiceSpec(Strict):
    text: Text
    correct: bool = False
    feedback: str = ""


class QuestionSpecBase(Strict):
    """What every question has, whatever its kind."""

    id: Annotated[str, Field(pattern=QUESTION_ID)]
    skill: Skill
    difficulty: Difficulty
    prompt: Text
    explanation: Text
    sentences: list[str] = Field(default_factory=list)


class QuotedSpec(QuestionSpecBase):
    """A question on one excerpt, with the evidence words its explanation points at."""

    excerpt: Text
    evidence: Text
    sentences: Annotated[list[str], Field(min_length=1)]


class ChoicesSpec(QuotedSpec):
    """A quoted question answered by picking one of its choices."""

    choices: Annotated[list[ChoiceSpec], Field(min_length=2, max_length=6)]

    @field_validator("choices")
    @classmethod
    def _one_correct(cls, choices: list[ChoiceSpec]) -> list[ChoiceSpec]:
        right = sum(c.correct for c in choices)
        if right != 1:
            raise ValueError(f"exactly one choice must be correct, found {right}")
        for choice in choices:
            if not choice.correct and not choice.feedback.strip():
                raise ValueError(f"wrong choice {choice.text!r} has no feedback")
        texts = [c.text for c in choices]
        if len(set(texts)) != len(texts):
            raise ValueError("two choices have the same text")
        return choices
