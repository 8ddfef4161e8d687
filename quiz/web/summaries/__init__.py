"""Teachers' summaries: what to reteach and to whom, the grid, discernment and leaning, each student."""

from quiz.web.summaries import growth, students  # noqa: F401  (register their pages on the blueprint)
from quiz.web.summaries.views import bp

__all__ = ["bp"]
