"""A question shown as a student sees it, before and after answering, from the stored article's sentences."""

from types import SimpleNamespace
from typing import Any

from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES, CATEGORY_HINTS, SKILLS
from quiz.models import Article, Question
from quiz.store import importer


def transient(spec_model: Any, article: Article) -> Question:
    """An unsaved question built exactly as saving would build it, for the preview."""
    question = Question(id=0, key=spec_model.id, article_id=article.id, **importer.question_fields(spec_model))
    question.choices = importer.build_choices(spec_model)
    for i, choice in enumerate(question.choices, start=1):
        choice.id = i
    return question


def model_answer(question: Question) -> SimpleNamespace:
    """The right answer, as a stored answer looks, so the preview can show the feedback page too."""
    choice, response = KINDS[question.kind].stored_model_answer(question)
    return SimpleNamespace(
        correct=True, credit=1.0, choice_id=choice.id if choice else None, choice=choice, response=response
    )


def student_view(question: Question, article: Article) -> dict[str, Any]:
    """What the student pages' templates need to show ``question`` as a student sees it."""
    return dict(
        q=question,
        article=article,
        number=1,
        total=1,
        skills=SKILLS,
        categories=CATEGORIES,
        category_hints=CATEGORY_HINTS,
        kinds=KINDS,
        answer=model_answer(question),
        submitted=None,
        missing=None,
    )
