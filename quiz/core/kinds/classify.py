"""Say what kind of statement an excerpt is: each choice is a category, each answer a judgement of a sentence."""

from typing import Any, Literal

from pydantic import model_validator

from quiz.core.kinds.base import Graded
from quiz.core.kinds.choice import ChoiceKind
from quiz.core.specs import Category, QuotedSpec, Text
from quiz.core.taxonomy import CATEGORIES


class ClassifyKind(ChoiceKind):
    """Say what kind of statement an excerpt is; each choice is a category."""

    name = "classify"
    label = "Classify the statement"
    judges_sentences = True
    gift_true_false = False
    answers_are_categories = True

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

    def export(self, question: Any) -> dict[str, Any]:
        return {
            "excerpt": question.excerpt,
            "evidence": question.evidence,
            "answer": question.correct_choice.category,
            "feedback": {c.category: c.feedback for c in question.choices if c.feedback},
        }

    def grade(self, question: Any, choice: Any) -> Graded:
        graded = super().grade(question, choice)
        sentence = question.sentence_keys[0] if question.sentence_keys else ""
        graded.judgements = [(sentence, question.correct_choice.category, choice.category)]
        return graded

    def fill_form(self, form: Any, question: Any) -> None:
        form.answer.data = question.correct_choice.category
        for choice in question.choices:
            getattr(form, f"feedback_{choice.category}").data = choice.feedback

    def spec_from_form(self, form: Any) -> dict[str, Any]:
        return {
            "excerpt": " ".join((form.excerpt.data or "").split()),
            "evidence": (form.evidence.data or "").strip(),
            "answer": form.answer.data,
            "feedback": {
                cat: getattr(form, f"feedback_{cat}").data
                for cat in CATEGORIES
                if cat != form.answer.data and getattr(form, f"feedback_{cat}").data
            },
        }
