"""Multiple choice with exactly one right answer: the plain kind the others build on."""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

from quiz.core.kinds.base import Graded, Problems, choice_from, field_name, single
from quiz.core.specs import ChoicesSpec


class ChoiceKind:
    """Multiple choice with exactly one right answer."""

    name = "choice"
    label = "Multiple choice"
    # Minutes a student needs to answer one, for the quiz list's time estimate.
    minutes = 1.0
    # Quoted kinds show their excerpt above the question; a tag question shows its passage instead.
    quotes_excerpt = True
    # Whether the summaries count how often each choice was picked.
    counts_choices = True
    # Whether each answer judges sentences' categories (the confusion matrix, discernment).
    judges_sentences = False
    # Whether GIFT (Moodle's format) can hold it; whether two choices "True"/"False" are written as GIFT's
    # true/false; whether GIFT answers name categories rather than free choices.
    in_gift = True
    gift_true_false = True
    answers_are_categories = False
    # Whether it still waits for a teacher to attach an excerpt (questions brought from other tools).
    awaits_excerpt = False

    class Spec(ChoicesSpec):
        kind: Literal["choice"]

    # --- stored ---------------------------------------------------------------------------

    def choice_rows(self, spec: Any) -> list[dict[str, Any]]:
        return [{"text": c.text, "correct": c.correct, "feedback": c.feedback} for c in spec.choices]

    def data(self, spec: Any) -> dict[str, Any]:
        return {}

    def check(self, spec: Any, sentences: list[Any]) -> Problems:
        return []

    def export(self, question: Any) -> dict[str, Any]:
        """This kind's own fields of the question as a question file writes them."""
        return {
            "excerpt": question.excerpt,
            "evidence": question.evidence,
            "choices": [_choice_spec(c) for c in question.choices],
        }

    # --- answered -------------------------------------------------------------------------

    def parse(self, question: Any, form: Mapping[str, Any]) -> Any:
        return choice_from(question, single(form, field_name(question)))

    def grade(self, question: Any, choice: Any) -> Graded:
        return Graded(credit=float(choice.correct), correct=choice.correct, choice_id=choice.id)

    def form_fields(self, question: Any, answer: Any) -> dict[str, str]:
        """The form fields a browser sends for ``answer`` (a choice): the other half of ``parse``."""
        return {field_name(question): str(answer.id)}

    def model_answer(self, question: Any) -> Any:
        """The answer that scores full marks, in the shape ``form_fields`` takes."""
        return question.correct_choice

    def stored_model_answer(self, question: Any) -> tuple[Any, Any]:
        """The model answer as an answer row holds it: (choice, response)."""
        return question.correct_choice, None

    def response_text(self, response: Any, excerpt: str = "") -> str:
        """A stored response beyond the choice, as a CSV cell writes it."""
        return ""

    def chance(self, question: Any) -> Fraction:
        """What a student answering at random earns on average: one in the number of choices."""
        return Fraction(1, len(question.choices)) if question.choices else Fraction(0)

    # --- written in the browser -------------------------------------------------------------

    def fill_form(self, form: Any, question: Any) -> None:
        """Put a stored question's own fields into the authoring form."""
        for row, choice in zip(form.choices, question.choices, strict=False):
            row.text.data, row.feedback.data = choice.text, choice.feedback
        form.correct.data = str(next(i for i, c in enumerate(question.choices) if c.correct))

    def spec_from_form(self, form: Any) -> dict[str, Any]:
        """This kind's own fields of a question file, from the authoring form."""
        return {
            "excerpt": " ".join((form.excerpt.data or "").split()),
            "evidence": (form.evidence.data or "").strip(),
            "choices": [
                {
                    "text": row.text.data.strip(),
                    "correct": form.correct.data == str(i),
                    "feedback": row.feedback.data or "",
                }
                for i, row in enumerate(form.choices)
                if row.text.data and row.text.data.strip()
            ],
        }


def _choice_spec(choice: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"text": choice.text}
    if choice.correct:
        spec["correct"] = True
    if choice.feedback:
        spec["feedback"] = choice.feedback
    return spec
