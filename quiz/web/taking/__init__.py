"""Students: pick a quiz, read the article, answer, and see what each answer rests on."""

from quiz.web.taking import saving  # noqa: F401  (adds the save endpoint to the blueprint)
from quiz.web.taking.views import bp

__all__ = ["bp"]
